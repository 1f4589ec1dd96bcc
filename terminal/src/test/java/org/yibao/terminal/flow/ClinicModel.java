package org.yibao.terminal.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yibao.terminal.flow.ModelArithmetic.Accu;
import org.yibao.terminal.flow.ModelArithmetic.Line;
import org.yibao.terminal.flow.ModelArithmetic.Refused;
import org.yibao.terminal.flow.ModelArithmetic.Rule;
import org.yibao.terminal.flow.ModelArithmetic.Split;

/**
 * What the spec and the README promise of the clinic flow, the pharmacy purchases beside it
 * and 3201, kept plainly for {@link ClinicModelPropertiesTest}. A visit is registered (2201),
 * takes fee lines (2204) while no settlement of it stands, pre-settles (2206, writing nothing)
 * and settles once (2207) until a 2208 reverses that settlement; 2103 and 2208 reverse any
 * settlement once, asked with its setl_id, mdtrt_id and psn_no. Each method answers the
 * term_errcode the terminal must give ("" for an answer) and changes the model only through the
 * {@code *ed} methods, called once the terminal answered (the model does not invent ids).
 * Offline throughout: 500.00 of fund per settlement (1321), 400.00 a day over the settlements
 * that stand (1322), at pre-settlement too.
 */
final class ClinicModel {
    static final long OFFLINE_PER_SETTLEMENT = 50_000;
    /** The test's policy: the example's, with 400.00 a day instead of 5000.00 so that runs reach it. */
    static final long OFFLINE_PER_DAY = 40_000;

    /** An insured person as the cache holds them: one insuinfo row, accumulators of 2027 by group. */
    static final class Person {
        final String psnNo;
        final String certno;
        final String insutype;
        final String psnType;
        final boolean opsp;
        long balance;
        final Map<String, Accu> accu = new TreeMap<>();

        Person(String psnNo, String certno, String insutype, String psnType, boolean opsp, long balance) {
            this.psnNo = psnNo;
            this.certno = certno;
            this.insutype = insutype;
            this.psnType = psnType;
            this.opsp = opsp;
            this.balance = balance;
        }
    }

    static final class Visit {
        final String mdtrtId;
        final String psnNo;
        final String insutype;
        final List<Line> lines = new ArrayList<>();
        final Set<Long> sns = new HashSet<>();
        /** The setl_id of the settlement that stands, if any. */
        String liveSetl;

        Visit(String mdtrtId, String psnNo, String insutype) {
            this.mdtrtId = mdtrtId;
            this.psnNo = psnNo;
            this.insutype = insutype;
        }
    }

    /** A settlement: who, which visit (or pharmacy mdtrt_id), the figures it answered, whether reversed. */
    static final class Setl {
        final String setlId;
        final String mdtrtId;
        final String psnNo;
        final String insutype;
        final String clrType;
        final Split split;
        boolean reversed;

        Setl(String setlId, String mdtrtId, String psnNo, String insutype, String clrType, Split split) {
            this.setlId = setlId;
            this.mdtrtId = mdtrtId;
            this.psnNo = psnNo;
            this.insutype = insutype;
            this.clrType = clrType;
            this.split = split;
        }
    }

    /** What a 2206 / 2207 asks: the visit, the person named, med_type, account, medfee and a declared split if any. */
    record SettleAsk(String mdtrtId, String psnNo, String medType, boolean useAccount, long medfee,
                     Optional<long[]> declared) {
    }

    /** What a 2101 / 2102 asks. */
    record PurchaseAsk(String psnNo, List<Line> lines, boolean useAccount, long medfee) {
    }

    /** An answer the model expects: a refusal code, or the figures. */
    record Expect<T>(String code, T value) {
        static <T> Expect<T> refused(String code) {
            return new Expect<>(code, null);
        }

        static <T> Expect<T> ok(T value) {
            return new Expect<>("", value);
        }

        boolean ok() {
            return code.isEmpty();
        }
    }

    final Map<String, Person> persons = new LinkedHashMap<>();
    final Map<String, Visit> visits = new LinkedHashMap<>();
    final Map<String, Setl> settlements = new LinkedHashMap<>();

    void person(Person p) {
        persons.put(p.psnNo, p);
    }

    // 2201

    String register(String psnNo, String insutype) {
        Person p = persons.get(psnNo);
        if (p == null) return "1351";
        if (!p.insutype.equals(insutype)) return "1307";
        return "";
    }

    void registered(String mdtrtId, String psnNo, String insutype) {
        visits.put(mdtrtId, new Visit(mdtrtId, psnNo, insutype));
    }

    // 2204: the lines all name {@code mdtrtId}; {@code psnNos} is each line's psn_no

    String upload(String mdtrtId, List<String> psnNos, List<Line> lines) {
        Visit v = visits.get(mdtrtId);
        if (v == null) return "1365";
        if (v.liveSetl != null) return "1368";
        if (psnNos.stream().anyMatch(psn -> !psn.equals(v.psnNo))) return "1367";
        Set<Long> seen = new HashSet<>(v.sns);
        for (Line l : lines) {
            if (!seen.add(l.sn())) return "1026";
        }
        return "";
    }

    void uploaded(String mdtrtId, List<Line> lines) {
        Visit v = visits.get(mdtrtId);
        v.lines.addAll(lines);
        lines.forEach(l -> v.sns.add(l.sn()));
    }

    // 2206 / 2207

    Expect<Split> preSettle(SettleAsk ask) {
        return clinic(ask, false);
    }

    Expect<Split> settle(SettleAsk ask) {
        return clinic(ask, true);
    }

    private Expect<Split> clinic(SettleAsk ask, boolean settling) {
        Visit v = visits.get(ask.mdtrtId());
        if (v == null) return Expect.refused("1365");
        if (!v.psnNo.equals(ask.psnNo())) return Expect.refused("1367");
        if (settling && v.liveSetl != null) return Expect.refused("1368");
        if (v.lines.isEmpty()) return Expect.refused("1366");
        if (!ask.medType().equals("11") && !ask.medType().equals("14")) return Expect.refused("1369");
        Person p = persons.get(v.psnNo);
        return compute(p, v.insutype, v.lines, ask.medType(), ask.useAccount(), ask.medfee(), ask.declared());
    }

    void settled(String setlId, SettleAsk ask, Split split) {
        Visit v = visits.get(ask.mdtrtId());
        v.liveSetl = setlId;
        apply(new Setl(setlId, v.mdtrtId, v.psnNo, v.insutype, "11", split));
    }

    // 2101 / 2102

    Expect<Split> purchase(PurchaseAsk ask) {
        Person p = persons.get(ask.psnNo());
        return compute(p, p.insutype, ask.lines(), "41", ask.useAccount(), ask.medfee(), Optional.empty());
    }

    void purchased(String setlId, String mdtrtId, PurchaseAsk ask, Split split) {
        Person p = persons.get(ask.psnNo());
        apply(new Setl(setlId, mdtrtId, p.psnNo, p.insutype, "41", split));
    }

    private Expect<Split> compute(Person p, String insutype, List<Line> lines, String medType, boolean useAccount,
                                  long medfee, Optional<long[]> declared) {
        if (lines.stream().mapToLong(Line::amount).sum() != medfee) return Expect.refused("1308");
        Rule rule;
        try {
            rule = ModelArithmetic.rule(insutype, p.psnType, medType, medType.equals("14") ? "M03900" : "", p.opsp);
        } catch (Refused r) {
            return Expect.refused(r.code);
        }
        Split s = ModelArithmetic.settle(lines, insutype, rule, p.accu.getOrDefault(rule.group(), Accu.ZERO), p.balance,
                useAccount);
        if (declared.isPresent()) {
            long[] d = declared.get();
            if (d[0] != s.fulamt() || d[1] != s.overlmt() || d[2] != s.preselfpay() || d[3] != s.inscp()) {
                return Expect.refused("1313");
            }
        }
        if (s.hifp() > OFFLINE_PER_SETTLEMENT) return Expect.refused("1321");
        if (offlineFundToday() + s.hifp() > OFFLINE_PER_DAY) return Expect.refused("1322");
        return Expect.ok(s);
    }

    /** The fund paid today by the settlements that stand (all are offline, all today). */
    long offlineFundToday() {
        return settlements.values().stream().filter(s -> !s.reversed).mapToLong(s -> s.split.hifp()).sum();
    }

    private void apply(Setl s) {
        settlements.put(s.setlId, s);
        Person p = persons.get(s.psnNo);
        p.accu.merge(s.split.rule().group(), s.split.delta(), Accu::plus);
        p.balance -= s.split.acct();
    }

    // 2103 / 2208

    Expect<Setl> reverse(String setlId, String mdtrtId, String psnNo) {
        Setl s = settlements.get(setlId);
        if (s == null) return Expect.refused("1360");
        if (!s.psnNo.equals(psnNo) || !s.mdtrtId.equals(mdtrtId)) return Expect.refused("1362");
        if (s.reversed) return Expect.refused("1361");
        return Expect.ok(s);
    }

    void reversed(String setlId) {
        Setl s = settlements.get(setlId);
        s.reversed = true;
        Person p = persons.get(s.psnNo);
        p.accu.merge(s.split.rule().group(), s.split.delta(), Accu::minus);
        p.balance += s.split.acct();
        Visit v = visits.get(s.mdtrtId);
        if (v != null && setlId.equals(v.liveSetl)) v.liveSetl = null;
    }

    // 3201

    /** One entry 3201 counts: a settlement (+) or, with reversals included, its reversal (-). */
    record Entry(String setlId, String kind, long medfee, long fund, long acct) {
    }

    /** The entries of the day under the filter ("" = all); every one unacknowledged, the centre being unreachable. */
    List<Entry> entries(String insutype, String clrType, boolean withReversals) {
        List<Entry> out = new ArrayList<>();
        for (Setl s : settlements.values()) {
            if ((!insutype.isEmpty() && !insutype.equals(s.insutype)) || (!clrType.isEmpty() && !clrType.equals(s.clrType))) {
                continue;
            }
            out.add(new Entry(s.setlId, "settlement", s.split.medfee(), s.split.hifp(), s.split.acct()));
            if (s.reversed && withReversals) {
                out.add(new Entry(s.setlId, "reversal", -s.split.medfee(), -s.split.hifp(), -s.split.acct()));
            }
        }
        return out;
    }
}
