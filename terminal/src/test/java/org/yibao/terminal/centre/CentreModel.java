package org.yibao.terminal.centre;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yibao.outbox.centre.ClaimStore;

/**
 * What the reference centre should hold and answer, kept as plainly as possible for
 * {@link CentreModelPropertiesTest}: the ids stored (once each, in arrival order) with their
 * answer and delivery count, the reject rules, and from these the stats, a person's figures and
 * the 3201 totals. Knows nothing of SQL or JSON.
 */
final class CentreModel {

    /** An expected answer; {@code reason} null when any non-blank reason will do. */
    record Expected(String id, String status, String code, String reason) {
    }

    /** What a settlement did to a person's year-to-date figures (fen). */
    record Delta(int year, String group, String insutype, long dedcUsed, long fundPaid, long inscpOverDedc, long acctPay) {
    }

    /** A claim as its sender built it (amounts positive, fen). */
    record Claim(CentreClaim.Kind kind, String fixmedins, String setlId, String psnNo, String insutype, String clrType,
                 LocalDate date, long medfee, long fund, long acct, long cash, Delta delta) {
        long signed(long amount) {
            return kind == CentreClaim.Kind.REVERSAL ? -amount : amount;
        }
    }

    /** One stored id. */
    private static final class Row {
        final String device;
        final String type;
        final byte[] payload;
        final Claim claim;
        final Expected answer;
        long deliveries = 1;

        Row(String device, String type, byte[] payload, Claim claim, Expected answer) {
            this.device = device;
            this.type = type;
            this.payload = payload;
            this.claim = claim;
            this.answer = answer;
        }

        boolean accepted() {
            return answer.status().equals("ACCEPTED");
        }
    }

    /** A reject rule. */
    record Rule(String code, String reason) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new HashMap<>();

    void rejectId(String id, Rule rule) {
        rules.put(id, rule);
    }

    boolean stored(String id) {
        return rows.containsKey(id);
    }

    /**
     * The answer to a message {@code id} on {@code topicDevice}'s topic; {@code refusal} the code
     * the centre's verification refuses it with (null when it passes).
     */
    Expected receive(String topicDevice, String id, String type, byte[] payload, String refusal, Claim claim) {
        Row row = rows.get(id);
        if (refusal != null && (row == null || !row.device.equals(topicDevice))) {
            return new Expected(id, "REJECTED", refusal, null); // answered, never stored
        }
        if (row != null) {
            row.deliveries++;
            return Arrays.equals(row.payload, payload) ? row.answer : new Expected(id, "REJECTED", ClaimStore.ID_REUSED, null);
        }
        Rule rule = rules.get(id);
        Expected answer = rule == null ? new Expected(id, "ACCEPTED", "0", "") : new Expected(id, "REJECTED", rule.code(), rule.reason());
        rows.put(id, new Row(topicDevice, type, payload, claim, answer));
        return answer;
    }

    /** The stats over the stored claims (the control lane's fleet.* messages are not claims). */
    CentreStats stats() {
        long received = 0;
        long unique = 0;
        long settlements = 0;
        long reversals = 0;
        long rejected = 0;
        long unreadable = 0;
        for (Row row : rows.values()) {
            if (!row.type.equals("settlement") && !row.type.equals("reversal")) continue;
            unique++;
            received += row.deliveries;
            if (!row.accepted()) rejected++;
            else if (row.claim == null) unreadable++;
            else if (row.claim.kind() == CentreClaim.Kind.REVERSAL) reversals++;
            else settlements++;
        }
        return new CentreStats(received, unique, settlements, reversals, rejected, unreadable);
    }

    /** A person's figures: the seeded ones changed by their accepted claims, and the ids counted. */
    record Figures(Map<String, Long> accountPaid, Map<String, long[]> accumulators, List<String> claimIds) {
    }

    /**
     * What the person's accepted claims did, in arrival order: a settlement adds its delta; a
     * reversal of a settlement counted before takes it off; anything else counts for nothing.
     */
    Figures figures(String psnNo) {
        Map<String, Delta> settled = new HashMap<>();
        Map<String, Long> paid = new HashMap<>();
        Map<String, long[]> accumulators = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        rows.forEach((id, row) -> {
            Claim c = row.claim;
            if (!row.accepted() || c == null || !c.psnNo().equals(psnNo)) return;
            Delta d;
            int sign;
            if (c.kind() == CentreClaim.Kind.SETTLEMENT) {
                if (settled.containsKey(c.setlId())) return;
                settled.put(c.setlId(), c.delta());
                d = c.delta();
                sign = 1;
            } else {
                d = settled.remove(c.setlId());
                if (d == null) return;
                sign = -1;
            }
            ids.add(id);
            paid.merge(d.insutype(), sign * d.acctPay(), Long::sum);
            long[] a = accumulators.computeIfAbsent(d.year() + "/" + d.group(), k -> new long[3]);
            a[0] += sign * d.dedcUsed();
            a[1] += sign * d.fundPaid();
            a[2] += sign * d.inscpOverDedc();
        });
        return new Figures(paid, accumulators, ids);
    }

    /** One group of the 3201 totals (fen). */
    record Group(String insutype, String clrType, long medfee, long fund, long acct, long cash, long count, List<String> setlIds) {
    }

    /**
     * The 3201 totals of {@code fixmedins}'s accepted claims dated in [begin, end]: per insutype ×
     * clr_type the signed sums and the count of entries (a reversal is an entry of its own when
     * reversals are included), and the settlements of the group that no included reversal reversed.
     */
    List<Group> reconcile(String fixmedins, LocalDate begin, LocalDate end, boolean includeReversals) {
        Map<String, List<Claim>> groups = new TreeMap<>();
        for (Row row : rows.values()) {
            Claim c = row.claim;
            if (!row.accepted() || c == null || !c.fixmedins().equals(fixmedins) || c.date().isBefore(begin)
                    || c.date().isAfter(end) || c.kind() == CentreClaim.Kind.REVERSAL && !includeReversals) continue;
            groups.computeIfAbsent(c.insutype() + "\u0000" + c.clrType(), k -> new ArrayList<>()).add(c);
        }
        List<Group> out = new ArrayList<>();
        groups.values().forEach(claims -> out.add(group(claims)));
        return out;
    }

    private static Group group(List<Claim> claims) {
        long medfee = 0;
        long fund = 0;
        long acct = 0;
        long cash = 0;
        List<String> reversed = new ArrayList<>();
        for (Claim c : claims) {
            medfee += c.signed(c.medfee());
            fund += c.signed(c.fund());
            acct += c.signed(c.acct());
            cash += c.signed(c.cash());
            if (c.kind() == CentreClaim.Kind.REVERSAL) reversed.add(c.setlId());
        }
        List<String> open = new ArrayList<>();
        for (Claim c : claims) {
            if (c.kind() == CentreClaim.Kind.SETTLEMENT && !reversed.remove(c.setlId())) open.add(c.setlId());
        }
        Claim first = claims.getFirst();
        return new Group(first.insutype(), first.clrType(), medfee, fund, acct, cash, claims.size(), open);
    }
}
