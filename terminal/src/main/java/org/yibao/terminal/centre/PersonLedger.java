package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reference centre's accepted claims did to one person's figures, applied to the
 * person's seeded 1101 output: a settlement adds its {@code term_accu_delta} (year-to-date
 * accumulators of its group and year; the account balance of its insutype goes down by its
 * acct_pay, never below zero), its reversal takes exactly that off again. The output also names, in
 * {@code term_claims}, the claim ids whose effect it holds, so a terminal adds on top only its
 * own settlements the centre has not counted yet, whatever the state of their acks. Pure.
 */
final class PersonLedger {
    private final List<String> included = new ArrayList<>();
    private final Map<String, JsonNode> settled = new HashMap<>();
    private final Map<Group, long[]> accumulators = new HashMap<>();

    /** An accumulator row's key: the year and the accu_group. */
    private record Group(int year, String name) {
    }
    private final Map<String, Long> accountPaid = new HashMap<>();

    /**
     * Counts one accepted claim, in arrival order: a settlement with its delta, or a reversal of a
     * settlement counted before (anything else is left out of the figures and of {@code term_claims}).
     */
    void count(String claimId, CentreClaim claim, JsonNode delta) {
        if (claim.kind() == CentreClaim.Kind.SETTLEMENT) {
            if (delta == null || !delta.isObject() || settled.containsKey(claim.setlId())) return;
            settled.put(claim.setlId(), delta);
            change(delta, 1);
            included.add(claimId);
        } else {
            JsonNode original = settled.remove(claim.setlId());
            if (original == null) return;
            change(original, -1);
            included.add(claimId);
        }
    }

    private void change(JsonNode d, int sign) {
        long[] a = accumulators.computeIfAbsent(new Group(d.path("year").asInt(), d.path("accu_group").asText("")),
                k -> new long[3]);
        a[0] += sign * ClaimReader.fen(d, "dedc_used");
        a[1] += sign * ClaimReader.fen(d, "fund_paid");
        a[2] += sign * ClaimReader.fen(d, "inscp_over_dedc");
        accountPaid.merge(d.path("insutype").asText(""), sign * ClaimReader.fen(d, "acct_pay"), Long::sum);
    }

    /** {@code output} (a copy of the seeded person) with the counted claims' effect and {@code term_claims}. */
    ObjectNode applyTo(ObjectNode output) {
        for (JsonNode row : output.withArray("insuinfo")) {
            Long paid = accountPaid.get(row.path("insutype").asText(""));
            if (paid != null && paid != 0 && row instanceof ObjectNode r) {
                // Two terminals offline at once can each spend the same account: it holds no debt, it is empty.
                r.set("balc", yuan(Math.max(0, fen(r.get("balc")) - paid)));
            }
        }
        ArrayNode rows = output.withArray("term_accuinfo");
        accumulators.forEach((key, a) -> add(rows, key, a));
        ArrayNode claims = output.putArray("term_claims");
        included.forEach(claims::add);
        return output;
    }

    private static void add(ArrayNode rows, Group group, long[] a) {
        ObjectNode row = null;
        for (JsonNode r : rows) {
            if (r.path("year").asInt() == group.year() && r.path("accu_group").asText("").equals(group.name())
                    && r instanceof ObjectNode o) row = o;
        }
        if (row == null) {
            if (a[0] == 0 && a[1] == 0 && a[2] == 0) return;
            row = rows.addObject().put("year", group.year()).put("accu_group", group.name());
        }
        row.set("dedc_used", yuan(fen(row.get("dedc_used")) + a[0]));
        row.set("fund_paid", yuan(fen(row.get("fund_paid")) + a[1]));
        row.set("inscp_over_dedc", yuan(fen(row.get("inscp_over_dedc")) + a[2]));
    }

    private static long fen(JsonNode yuan) {
        if (yuan == null || yuan.isNull() || yuan.asText().isBlank()) return 0;
        BigDecimal value = yuan.isNumber() ? yuan.decimalValue() : new BigDecimal(yuan.asText().trim());
        return value.movePointRight(2).longValueExact();
    }

    private static DecimalNode yuan(long fen) {
        return DecimalNode.valueOf(BigDecimal.valueOf(fen, 2));
    }
}
