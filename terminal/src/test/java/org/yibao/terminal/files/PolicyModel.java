package org.yibao.terminal.files;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A policy file as spec/policy-and-catalog.md describes it, held as plain values (yuan and
 * ratios as exact decimals, exactly as written in the file), with a generator of valid random
 * policies and the YAML text of one. Nothing here calls the terminal's code.
 */
record PolicyModel(String admdvs, String version, LocalDate effective, boolean roundingKey,
                   List<String> groups, List<Rule> rules) {
    static final List<String> INSUTYPES = List.of("310", "390", "320");
    static final List<String> PSN_TYPES = List.of("11", "12", "21");
    static final List<String> MED_TYPES = List.of("11", "41", "14");
    static final List<String> HOSP_LVS = List.of("1", "2", "3", "pharmacy");
    static final List<String> DISEASES = List.of("M03900", "I10", "E11");
    static final List<String> MAY_PAY = List.of("fulamt_ownpay", "overlmt_selfpay", "preselfpay", "pool_selfpay", "deductible");

    /** A cap or an upto: absent key, the word null, or an amount. */
    record Amount(BigDecimal yuan, boolean keyAbsent) {
        static Amount none(boolean keyAbsent) {
            return new Amount(null, keyAbsent);
        }

        boolean present() {
            return yuan != null;
        }
    }

    record Segment(BigDecimal upto, BigDecimal ratio) {}

    record Benefit(BigDecimal deductible, List<Segment> segments, Amount annualCap, Amount visitCap) {}

    /** A {@code when}: each present list must hold the request's value; absent matches anything. */
    record When(Optional<String> insutype, Optional<List<String>> psnTypes, Optional<List<String>> medTypes,
                Optional<List<String>> hospLvs) {
        boolean isEmpty() {
            return insutype.isEmpty() && psnTypes.isEmpty() && medTypes.isEmpty() && hospLvs.isEmpty();
        }

        boolean matches(String ins, String psn, String med, String hosp) {
            return insutype.map(i -> i.equals(ins)).orElse(true)
                    && psnTypes.map(l -> l.contains(psn)).orElse(true)
                    && medTypes.map(l -> l.contains(med)).orElse(true)
                    && hospLvs.map(l -> l.contains(hosp)).orElse(true);
        }
    }

    /** A rule: its own benefit ({@code flat}) or one per disease ({@code diseases}), never both. */
    record Rule(String id, When when, String group, Benefit flat, Map<String, Benefit> diseases,
                boolean requiresOpsp, String fundPayType, Optional<List<String>> mayPay) {
        boolean perDisease() {
            return diseases != null;
        }
    }

    /** The first rule whose {@code when} matches (the spec's "first rule ... is used"), else empty. */
    Optional<Rule> ruleFor(String insutype, String psnType, String medType, String hospLv) {
        return rules.stream().filter(r -> r.when().matches(insutype, psnType, medType, hospLv)).findFirst();
    }

    // ---------------------------------------------------------------- generation

    static Arbitrary<PolicyModel> policies() {
        Arbitrary<List<String>> groups = Arbitraries.of("outpatient", "chronic", "g_2", "x-3").list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        return groups.flatMap(gs -> Combinators.combine(
                Arbitraries.strings().numeric().ofLength(6),
                Arbitraries.integers().between(1, 99).map(n -> "2026." + String.format("%02d", n)),
                Arbitraries.integers().between(0, 500).map(d -> LocalDate.of(2025, 6, 1).plusDays(d)),
                Arbitraries.of(true, false),
                rule(gs).list().ofMinSize(1).ofMaxSize(6))
                .as((admdvs, version, effective, rounding, rules) -> new PolicyModel(admdvs, version, effective, rounding, gs,
                        numbered(rules))));
    }

    private static List<Rule> numbered(List<Rule> rules) {
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            out.add(new Rule("rule-" + i, r.when(), r.group(), r.flat(), r.diseases(), r.requiresOpsp(), r.fundPayType(), r.mayPay()));
        }
        return out;
    }

    private static Arbitrary<Rule> rule(List<String> groups) {
        Arbitrary<Map<String, Benefit>> diseases = Arbitraries.subsetOf(DISEASES).ofMinSize(1)
                .flatMap(codes -> benefit().list().ofSize(codes.size()).map(bs -> {
                    Map<String, Benefit> m = new LinkedHashMap<>();
                    int i = 0;
                    for (String c : codes.stream().sorted().toList()) m.put(c, bs.get(i++));
                    return m;
                }));
        Arbitrary<Optional<Map<String, Benefit>>> none = Arbitraries.just(Optional.empty());
        Arbitrary<Optional<Map<String, Benefit>>> maybeDiseases = Arbitraries.frequencyOf(
                Tuple.of(4, none), Tuple.of(1, diseases.map(Optional::of)));
        Arbitrary<Optional<List<String>>> mayPay = Arbitraries.of(MAY_PAY).list().uniqueElements().ofMinSize(1).ofMaxSize(5)
                .optional(0.6);
        return Combinators.combine(when(), Arbitraries.of(groups), benefit(), maybeDiseases, Arbitraries.of(true, false),
                Arbitraries.of("310100", "390100", "610100"), mayPay)
                .as((when, group, flat, dis, opsp, fund, pay) -> dis.isPresent()
                        ? new Rule("", when, group, null, dis.get(), opsp, fund, pay)
                        : new Rule("", when, group, flat, null, false, fund, pay));
    }

    private static Arbitrary<When> when() {
        return Combinators.combine(
                Arbitraries.of(INSUTYPES).optional(0.5),
                Arbitraries.subsetOf(PSN_TYPES).ofMinSize(1).map(s -> PSN_TYPES.stream().filter(s::contains).toList()).optional(0.4),
                Arbitraries.subsetOf(MED_TYPES).ofMinSize(1).map(s -> MED_TYPES.stream().filter(s::contains).toList()).optional(0.5),
                Arbitraries.subsetOf(HOSP_LVS).ofMinSize(1).map(s -> HOSP_LVS.stream().filter(s::contains).toList()).optional(0.4))
                .as(When::new);
    }

    static Arbitrary<Benefit> benefit() {
        Arbitrary<List<Long>> bounds = Arbitraries.longs().between(1, 400_000).list().ofMaxSize(3).uniqueElements()
                .map(l -> l.stream().sorted().toList());
        Arbitrary<List<Segment>> segments = bounds.flatMap(b -> ratio().list().ofSize(b.size() + 1).map(rs -> {
            List<Segment> out = new ArrayList<>();
            for (int i = 0; i < rs.size(); i++) out.add(new Segment(i < b.size() ? yuan(b.get(i)) : null, rs.get(i)));
            return out;
        }));
        return Combinators.combine(amount(0, 50_000), segments, cap(), cap()).as(Benefit::new);
    }

    private static Arbitrary<Amount> cap() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Amount.none(true))),
                Tuple.of(1, Arbitraries.just(Amount.none(false))),
                Tuple.of(3, amount(0, 600_000).map(y -> new Amount(y, false))));
    }

    /** Yuan from fen, written with 0, 1 or 2 decimals as the value allows (200, 200.5, 200.50). */
    static Arbitrary<BigDecimal> amount(long minFen, long maxFen) {
        return Combinators.combine(Arbitraries.longs().between(minFen, maxFen), Arbitraries.of(true, false))
                .as((fen, strip) -> strip ? plain(BigDecimal.valueOf(fen, 2).stripTrailingZeros()) : BigDecimal.valueOf(fen, 2));
    }

    static Arbitrary<BigDecimal> ratio() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("0.5"))),
                Tuple.of(4, Arbitraries.integers().between(0, 10_000)
                        .map(n -> plain(BigDecimal.valueOf(n, 4).stripTrailingZeros()))));
    }

    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private static BigDecimal plain(BigDecimal d) {
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    // ---------------------------------------------------------------- the file

    /** The policy as a YAML file. */
    String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("admdvs: \"").append(admdvs).append("\"\n");
        y.append("version: \"").append(version).append("\"\n");
        y.append("effective: ").append(effective).append('\n');
        if (roundingKey) y.append("rounding: HALF_UP\n");
        y.append("accu_groups:\n");
        for (String g : groups) y.append("  ").append(g).append(": {}\n");
        y.append("rules:\n");
        for (Rule r : rules) rule(y, r);
        y.append("offline:\n  max_hours: 72\n  max_fund_pay_per_settlement: 500.00\n  max_fund_pay_per_day: 5000.00\n")
                .append("  account_requires_cached_balance: true\n");
        return y.toString();
    }

    private static void rule(StringBuilder y, Rule r) {
        y.append("  - id: ").append(r.id()).append('\n');
        if (!r.when().isEmpty()) {
            List<String> parts = new ArrayList<>();
            r.when().insutype().ifPresent(i -> parts.add("insutype: \"" + i + "\""));
            r.when().psnTypes().ifPresent(l -> parts.add("psn_type: " + quotedList(l)));
            r.when().medTypes().ifPresent(l -> parts.add("med_type: " + quotedList(l)));
            r.when().hospLvs().ifPresent(l -> parts.add("hosp_lv: " + quotedList(l)));
            y.append("    when: {").append(String.join(", ", parts)).append("}\n");
        }
        y.append("    accu_group: ").append(r.group()).append('\n');
        if (r.perDisease()) {
            if (r.requiresOpsp()) y.append("    requires_opsp: true\n");
            y.append("    diseases:\n");
            r.diseases().forEach((code, b) -> y.append("      \"").append(code).append("\": ").append(flow(b)).append('\n'));
        } else {
            Benefit b = r.flat();
            y.append("    deductible: ").append(b.deductible().toPlainString()).append('\n');
            y.append("    segments:\n");
            for (Segment s : b.segments()) y.append("      - ").append(segment(s)).append('\n');
            capLine(y, "annual_cap", b.annualCap());
            capLine(y, "visit_cap", b.visitCap());
        }
        y.append("    fund_pay_type: \"").append(r.fundPayType()).append("\"\n");
        r.mayPay().ifPresent(m -> y.append("    account:\n      fund_pay_type: \"310200\"\n      may_pay: [")
                .append(String.join(", ", m)).append("]\n"));
    }

    private static String flow(Benefit b) {
        List<String> parts = new ArrayList<>();
        parts.add("deductible: " + b.deductible().toPlainString());
        parts.add("segments: [" + String.join(", ", b.segments().stream().map(PolicyModel::segment).toList()) + "]");
        if (!b.annualCap().keyAbsent()) parts.add("annual_cap: " + capText(b.annualCap()));
        if (!b.visitCap().keyAbsent()) parts.add("visit_cap: " + capText(b.visitCap()));
        return "{" + String.join(", ", parts) + "}";
    }

    private static String segment(Segment s) {
        return "{upto: " + (s.upto() == null ? "null" : s.upto().toPlainString()) + ", ratio: " + s.ratio().toPlainString() + "}";
    }

    private static void capLine(StringBuilder y, String key, Amount a) {
        if (!a.keyAbsent()) y.append("    ").append(key).append(": ").append(capText(a)).append('\n');
    }

    private static String capText(Amount a) {
        return a.present() ? a.yuan().toPlainString() : "null";
    }

    private static String quotedList(List<String> l) {
        return "[" + String.join(", ", l.stream().map(s -> "\"" + s + "\"").toList()) + "]";
    }
}
