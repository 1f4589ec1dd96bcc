package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * How the terminal chooses the policy rule and the accumulators of a settlement
 * (policy-and-catalog.md "Matching", national-interface.md "Per settlement"), against a plain
 * model, over random policies loaded from YAML by the real loader: 2-6 rules, each with a random
 * subset of the {@code when} keys, some per disease with or without {@code requires_opsp}, flat
 * or capped benefits, with and without {@code account}; a terminal of a random hosp_lv; a person
 * with insuinfo rows, accumulator rows for several groups and for last year, this year and next
 * year, and 门慢门特 approvals starting and ending around the turn of the year; 2101/2102 requests
 * with random insutype, med_type and dise_codg on dates crossing the year end (the clock starts
 * at 2027-12-31 17:59:59, Asia/Shanghai).
 *
 * <p>The model: the rule is the first in file order whose present keys all contain the request's
 * value (insutype, the person's psn_type, med_type, the terminal's hosp_lv); none is refused with
 * 1301; a per-disease rule refuses a request without dise_codg (1303), a disease it does not list
 * (1304), and, with requires_opsp, a person without an approval valid on the settlement date
 * (1305); an insutype the person has no insuinfo row for is refused (1307). A settlement uses the
 * rule's (or the disease's) deductible, segments and caps on the person's accumulators of the
 * rule's group ({@code group:dise_codg} per disease) and of the settlement's year only, zeros when
 * absent; the expected act_pay_dedc, hifp_pay, pool_selfpay and acct_pay are computed here from
 * the spec's arithmetic (the line split reuses {@link ModelArithmetic#split}). After every 2102,
 * answered or refused, 1101 from the cache shows every accumulator row and balance as the model
 * has them: a settlement moved exactly its group and year. Now and then a standing settlement is
 * reversed (2103), perhaps in the next year: that takes off exactly its own group and year's change.
 */
class RuleMatchingPropertiesTest {
    private static final ZoneId SHANGHAI = HandClock.SHANGHAI;
    /**
     * Six hours and a second before the year ends: the steps (whole hours and single seconds) reach
     * 23:59:59 and cross into 2028, within the outbox's 72 hours offline.
     */
    private static final LocalDateTime START = LocalDateTime.of(2027, 12, 31, 17, 59, 59);
    private static final List<String> GROUPS = List.of("outpatient", "chronic", "special");
    private static final List<String> DISEASES = List.of("M03900", "E11900", "I10");
    private static final List<String> MAY_PAY = List.of("fulamt_ownpay", "overlmt_selfpay", "preselfpay", "pool_selfpay",
            "deductible");

    record Segment(Long upto, BigDecimal ratio) {
    }

    /** Deductible, segments and caps (fen; a null cap is none). */
    record Benefit(long deductible, List<Segment> segments, Long annualCap, Long visitCap) {
    }

    /** A rule's {@code when}: a null key is missing (matches anything). */
    record When(String insutype, List<String> psnType, List<String> medType, List<String> hospLv) {
        boolean matches(String insu, String psn, String med, String lv) {
            return (insutype == null || insutype.equals(insu)) && (psnType == null || psnType.contains(psn))
                    && (medType == null || medType.contains(med)) && (hospLv == null || hospLv.contains(lv));
        }
    }

    /**
     * A rule: flat ({@code diseases} null) or per disease ({@code flat} null; {@code requiresOpsp}
     * null when the key is left out); {@code mayPay} null when the rule has no account.
     */
    record Rule(String id, When when, String group, Benefit flat, Map<String, Benefit> diseases, Boolean requiresOpsp,
                String fundPayType, List<String> mayPay) {
    }

    record Insurance(String insutype, String psnType, long balance) {
    }

    record AccuRow(String group, int year, Accu values) {
    }

    record Accu(long dedcUsed, long fundPaid, long inscpOverDedc) {
        static final Accu ZERO = new Accu(0, 0, 0);

        Accu plus(Accu d) {
            return new Accu(dedcUsed + d.dedcUsed, fundPaid + d.fundPaid, inscpOverDedc + d.inscpOverDedc);
        }
    }

    /**
     * A 门慢门特 approval; a null end is open, sent as {@code openAs}: 0 no enddate, 1 an empty
     * one, 2 JSON null.
     */
    record Approval(String disease, LocalDate begin, LocalDate end, int openAs) {
        boolean validOn(LocalDate date) {
            return !date.isBefore(begin) && (end == null || !date.isAfter(end));
        }
    }

    record Person(List<Insurance> insurances, List<AccuRow> accumulators, List<Approval> approvals) {
    }

    enum Kind { PRESETTLE, SETTLE, REVERSE }

    /**
     * A 2101, a 2102, or a 2103 of the settlement still standing at {@code pick} (modulo their
     * number; the purchase fields unused), after the clock moved by {@code advance}.
     */
    record Request(Kind kind, Duration advance, String insutype, String medType, String dise, boolean useAccount,
                   List<ModelArithmetic.Line> lines, int pick) {
    }

    record Scenario(List<Rule> rules, String hospLv, Person person, List<Request> requests) {
    }

    @Property(tries = 15, edgeCases = EdgeCasesMode.NONE)
    void theFirstMatchingRuleSettlesOnItsGroupAndYear(@ForAll("scenarios") Scenario scenario) throws Exception {
        Path dir = Files.createTempDirectory("rulematch");
        HandClock clock = new HandClock(START.atZone(SHANGHAI).toInstant());
        var policy = PolicyLoader.parse(yaml(scenario.rules()), "random-policy.yaml");
        try (FlowRig rig = FlowRig.offline(dir, clock, scenario.hospLv(), (folder, db, outbox, time) -> PolicySource.fixed(policy))) {
            Model model = new Model(scenario);
            seed(rig, scenario.person());
            Duration shift = Duration.ZERO;
            for (Request r : scenario.requests()) {
                clock.advance(r.advance());
                shift = shift.plus(r.advance());
                if (shift.compareTo(Duration.ofHours(7)) > 0) { // sessions last 8 hours
                    rig.newShift();
                    shift = Duration.ZERO;
                }
                LocalDate date = LocalDate.ofInstant(clock.instant(), SHANGHAI);
                if (r.kind() == Kind.REVERSE) {
                    reverse(rig, model, r.pick(), date);
                    continue;
                }
                Expected expected = model.expect(r, date);
                JsonNode answer = rig.call(r.kind() == Kind.SETTLE ? "2102" : "2101", input(r));
                String where = r + " on " + date + " at hosp_lv " + scenario.hospLv() + "\nanswer " + answer;
                check(expected, answer, where);
                Statistics.collect(switch (expected) {
                    case Refused refused -> refused.code();
                    case Settled settled -> settled.group().contains(":") ? "per disease" : "flat";
                });
                if (r.kind() == Kind.SETTLE) {
                    if (expected instanceof Settled s) {
                        model.apply(s);
                        JsonNode info = answer.at("/output/setlinfo");
                        model.standing.add(new Standing(info.path("setl_id").asText(), info.path("mdtrt_id").asText(), s));
                    }
                    identifiedAsModelled(rig, model, where);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- the model

    sealed interface Expected {
    }

    record Refused(String code) implements Expected {
    }

    /** What the settlement must show: the rule, its group and year, the parts the rule decides. */
    record Settled(String ruleId, String group, int year, String insutype, long dedc, long hifp, long poolSelfpay,
                   long acct, long balanceAfter, String fundPayType, Long crtPaybLmt, Accu delta) implements Expected {
    }

    static final class Model {
        final Scenario scenario;
        /** Accumulators by "group/year", balances by insutype, as the terminal should hold them now. */
        final Map<String, Accu> accumulators = new TreeMap<>();
        final Map<String, Long> balances = new TreeMap<>();
        /** The settlements answered and not reversed, oldest first. */
        final List<Standing> standing = new ArrayList<>();

        Model(Scenario scenario) {
            this.scenario = scenario;
            for (AccuRow a : scenario.person().accumulators()) accumulators.put(a.group() + "/" + a.year(), a.values());
            for (Insurance i : scenario.person().insurances()) balances.put(i.insutype(), i.balance());
        }

        Expected expect(Request r, LocalDate date) {
            Insurance insurance = scenario.person().insurances().stream().filter(i -> i.insutype().equals(r.insutype()))
                    .findFirst().orElse(null);
            if (insurance == null) return new Refused("1307");
            Rule rule = scenario.rules().stream()
                    .filter(x -> x.when().matches(r.insutype(), insurance.psnType(), r.medType(), scenario.hospLv()))
                    .findFirst().orElse(null);
            if (rule == null) return new Refused("1301");
            Benefit benefit = rule.flat();
            String group = rule.group();
            if (rule.diseases() != null) {
                if (r.dise().isEmpty()) return new Refused("1303");
                benefit = rule.diseases().get(r.dise());
                if (benefit == null) return new Refused("1304");
                if (Boolean.TRUE.equals(rule.requiresOpsp()) && scenario.person().approvals().stream()
                        .noneMatch(a -> a.disease().equals(r.dise()) && a.validOn(date))) {
                    return new Refused("1305");
                }
                group = rule.group() + ":" + r.dise();
            }
            Accu ytd = accumulators.getOrDefault(group + "/" + date.getYear(), Accu.ZERO);
            return settled(r, rule, benefit, group, date.getYear(), ytd, balances.get(r.insutype()));
        }

        /** The spec's per-settlement arithmetic for {@code rule} and {@code benefit} on {@code ytd}. */
        private static Settled settled(Request r, Rule rule, Benefit benefit, String group, int year, Accu ytd, long balance) {
            long fulamt = 0, overlmt = 0, preselfpay = 0, inscp = 0;
            for (ModelArithmetic.Line line : r.lines()) {
                ModelArithmetic.LineSplit s = ModelArithmetic.split(line, r.insutype());
                fulamt += s.fulamt();
                overlmt += s.overlmt();
                preselfpay += s.preselfpay();
                inscp += s.inscp();
            }
            long dedc = Math.min(inscp, Math.max(0, benefit.deductible() - ytd.dedcUsed()));
            long base = inscp - dedc;
            long hifp = ModelArithmetic.fen(onSegments(benefit.segments(), ytd.inscpOverDedc(), base));
            Long room = benefit.annualCap() == null ? null : Math.max(0, benefit.annualCap() - ytd.fundPaid());
            if (room != null) hifp = Math.min(hifp, room);
            if (benefit.visitCap() != null) hifp = Math.min(hifp, benefit.visitCap());
            long poolSelfpay = base - hifp;
            long acct = 0;
            if (r.useAccount() && rule.mayPay() != null) {
                long may = 0;
                for (String part : rule.mayPay()) {
                    may += switch (part) {
                        case "fulamt_ownpay" -> fulamt;
                        case "overlmt_selfpay" -> overlmt;
                        case "preselfpay" -> preselfpay;
                        case "pool_selfpay" -> poolSelfpay;
                        case "deductible" -> dedc;
                        default -> throw new IllegalArgumentException(part);
                    };
                }
                acct = Math.min(balance, may);
            }
            return new Settled(rule.id(), group, year, r.insutype(), dedc, hifp, poolSelfpay, acct, balance - acct,
                    rule.fundPayType(), room, new Accu(dedc, hifp, base));
        }

        /** Σ piece × ratio of [from, from + base) laid on the segments (exact, yuan). */
        private static BigDecimal onSegments(List<Segment> segments, long from, long base) {
            BigDecimal raw = BigDecimal.ZERO;
            long lower = 0;
            for (Segment s : segments) {
                long upper = s.upto() == null ? Long.MAX_VALUE : s.upto();
                long piece = Math.max(0, Math.min(from + base, upper) - Math.max(from, lower));
                raw = raw.add(BigDecimal.valueOf(piece, 2).multiply(s.ratio()));
                lower = upper;
            }
            return raw;
        }

        void apply(Settled s) {
            accumulators.merge(s.group() + "/" + s.year(), s.delta(), Accu::plus);
            balances.merge(s.insutype(), -s.acct(), Long::sum);
        }

        /** A reversal takes off exactly what the settlement added, in its own group and year. */
        void undo(Settled s) {
            Accu d = s.delta();
            accumulators.merge(s.group() + "/" + s.year(), new Accu(-d.dedcUsed(), -d.fundPaid(), -d.inscpOverDedc()), Accu::plus);
            balances.merge(s.insutype(), s.acct(), Long::sum);
        }
    }

    /** An answered 2102 not reversed yet. */
    record Standing(String setlId, String mdtrtId, Settled settled) {
    }

    // ---------------------------------------------------------------- checks

    /** 2103 of a standing settlement (perhaps made last year): it is reversed and undone in its own group and year. */
    private static void reverse(FlowRig rig, Model model, int pick, LocalDate date) throws Exception {
        if (model.standing.isEmpty()) return;
        Standing st = model.standing.remove(pick % model.standing.size());
        JsonNode answer = rig.call("2103", FlowRig.reversalOf(st.setlId(), st.mdtrtId()));
        String where = "2103 of " + st + " on " + date + "\nanswer " + answer;
        assertEquals(0, answer.path("infcode").asInt(), where);
        model.undo(st.settled());
        Statistics.collect("reversed");
        identifiedAsModelled(rig, model, where);
    }

    private static void check(Expected expected, JsonNode answer, String where) {
        switch (expected) {
            case Refused r -> {
                assertEquals(-1, answer.path("infcode").asInt(), "refused, never settled under a default: " + where);
                assertEquals(r.code(), answer.path("term_errcode").asText(), "refusal code: " + where);
            }
            case Settled s -> settledAsModelled(s, answer, where);
        }
    }

    private static void settledAsModelled(Settled s, JsonNode answer, String where) {
        assertEquals(0, answer.path("infcode").asInt(), "settled: " + where);
        JsonNode info = answer.at("/output/setlinfo");
        assertEquals(s.ruleId(), info.path("term_rule_id").asText(), "the first matching rule: " + where);
        assertEquals(s.group(), info.path("term_accu_group").asText(), "the rule's group: " + where);
        JsonNode delta = answer.at("/output/term_accu_delta");
        assertEquals(s.group(), delta.path("accu_group").asText(), "the delta's group: " + where);
        assertEquals(s.year(), delta.path("year").asInt(), "the settlement's year: " + where);
        assertEquals(s.delta(), new Accu(fen(delta, "dedc_used"), fen(delta, "fund_paid"), fen(delta, "inscp_over_dedc")),
                "the accumulator change: " + where);
        assertEquals(List.of(s.dedc(), s.hifp(), s.hifp(), s.poolSelfpay(), s.acct(), s.balanceAfter()),
                List.of(fen(info, "act_pay_dedc"), fen(info, "hifp_pay"), fen(info, "fund_pay_sumamt"),
                        fen(info, "term_pool_selfpay_amt"), fen(info, "acct_pay"), fen(info, "balc")),
                "act_pay_dedc, hifp_pay, fund_pay_sumamt, pool_selfpay, acct_pay, balc: " + where);
        List<String> pooled = new ArrayList<>();
        for (JsonNode d : answer.at("/output/setldetail")) {
            if (!d.path("fund_pay_type").asText().equals("310200")) {
                pooled.add(d.path("fund_pay_type").asText() + " " + fen(d, "fund_payamt") + " " + fen(d, "crt_payb_lmt_amt"));
            }
        }
        List<String> expected = s.hifp() == 0 ? List.of()
                : List.of(s.fundPayType() + " " + s.hifp() + " " + (s.crtPaybLmt() == null ? 0 : s.crtPaybLmt()));
        assertEquals(expected, pooled, "the rule's fund row with the room left under its annual cap: " + where);
    }

    /** 1101 from the cache shows every accumulator row (rows at zero aside) and balance as the model has them. */
    private static void identifiedAsModelled(FlowRig rig, Model model, String where) throws Exception {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        JsonNode answer = rig.call("1101", input);
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals("cache", answer.at("/output/term_source").asText());
        Map<String, Accu> shown = new TreeMap<>();
        for (JsonNode row : answer.at("/output/term_accuinfo")) {
            Accu a = new Accu(fen(row, "dedc_used"), fen(row, "fund_paid"), fen(row, "inscp_over_dedc"));
            if (!a.equals(Accu.ZERO)) shown.put(row.path("accu_group").asText() + "/" + row.path("year").asInt(), a);
        }
        Map<String, Accu> expected = new TreeMap<>(model.accumulators);
        expected.values().removeIf(Accu.ZERO::equals);
        assertEquals(expected, shown, "1101 accumulators after " + where);
        Map<String, Long> balances = new TreeMap<>();
        for (JsonNode row : answer.at("/output/insuinfo")) balances.put(row.path("insutype").asText(), fen(row, "balc"));
        assertEquals(model.balances, balances, "1101 balances after " + where);
    }

    private static long fen(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null) throw new AssertionError("no " + field + " in " + parent);
        return n.decimalValue().movePointRight(2).longValueExact();
    }

    // ---------------------------------------------------------------- what is sent

    private static void seed(FlowRig rig, Person person) throws Exception {
        ObjectNode out = FlowRig.JSON.createObjectNode();
        out.putObject("baseinfo").put("psn_no", FlowRig.PSN).put("psn_cert_type", "01").put("certno", FlowRig.CERTNO)
                .put("psn_name", "张三").put("gend", "1").put("naty", "01").put("brdy", "1988-01-01").put("age", 39);
        ArrayNode insu = out.putArray("insuinfo");
        for (Insurance i : person.insurances()) {
            insu.addObject().put("balc", yuan(i.balance())).put("insutype", i.insutype()).put("psn_type", i.psnType())
                    .put("psn_insu_stas", "1").put("insuplc_admdvs", "371500");
        }
        out.putArray("idetinfo");
        ArrayNode accu = out.putArray("term_accuinfo");
        for (AccuRow a : person.accumulators()) {
            accu.addObject().put("year", a.year()).put("accu_group", a.group()).put("dedc_used", yuan(a.values().dedcUsed()))
                    .put("fund_paid", yuan(a.values().fundPaid())).put("inscp_over_dedc", yuan(a.values().inscpOverDedc()));
        }
        ArrayNode opsp = out.putArray("term_opspinfo");
        for (Approval a : person.approvals()) {
            ObjectNode row = opsp.addObject().put("opsp_dise_code", a.disease()).put("opsp_dise_name", "病种" + a.disease())
                    .put("begndate", a.begin().toString());
            if (a.end() != null) {
                row.put("enddate", a.end().toString());
            } else if (a.openAs() == 1) {
                row.put("enddate", "");
            } else if (a.openAs() == 2) {
                row.putNull("enddate");
            }
        }
        rig.flows.persons().remember(PersonJson.parse(out), FlowRig.CARD, Json.write(out), rig.clock.instant());
    }

    private static ObjectNode input(Request r) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        long total = r.lines().stream().mapToLong(ModelArithmetic.Line::amount).sum();
        input.putObject("druginfo").put("psn_no", FlowRig.PSN).put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO)
                .put("insutype", r.insutype()).put("med_type", r.medType()).put("dise_codg", r.dise())
                .put("medfee_sumamt", yuan(total)).put("acct_used_flag", r.useAccount() ? "1" : "0").put("psn_name", "张三");
        ArrayNode lines = input.putArray("drugdetail");
        for (ModelArithmetic.Line l : r.lines()) {
            lines.addObject().put("feedetl_sn", Long.toString(l.sn())).put("med_list_codg", l.code())
                    .put("det_item_fee_sumamt", yuan(l.amount())).put("cnt", l.cnt()).put("pric", l.pric());
        }
        return input;
    }

    /** The policy file for {@code rules}, as the centre would write it. */
    static String yaml(List<Rule> rules) {
        StringBuilder y = new StringBuilder("""
                admdvs: "371500"
                version: "rulematch-1"
                effective: 2026-01-01
                rounding: HALF_UP
                accu_groups: {outpatient: {}, chronic: {}, special: {}}
                rules:
                """);
        for (Rule r : rules) {
            y.append("  - id: ").append(r.id()).append('\n');
            String when = when(r.when());
            // a rule matching everything is written "when: {}" at even places, without "when" at odd ones
            if (!when.isEmpty() || r.id().hashCode() % 2 == 0) y.append("    when: {").append(when).append("}\n");
            y.append("    accu_group: ").append(r.group()).append('\n');
            if (r.flat() != null) {
                benefit(y, "    ", r.flat());
            } else {
                if (r.requiresOpsp() != null) y.append("    requires_opsp: ").append(r.requiresOpsp()).append('\n');
                y.append("    diseases:\n");
                r.diseases().forEach((dise, b) -> {
                    y.append("      \"").append(dise).append("\":\n");
                    benefit(y, "        ", b);
                });
            }
            y.append("    fund_pay_type: \"").append(r.fundPayType()).append("\"\n");
            if (r.mayPay() != null) {
                y.append("    account: {fund_pay_type: \"310200\", may_pay: [").append(String.join(", ", r.mayPay())).append("]}\n");
            }
        }
        y.append("""
                offline:
                  max_hours: 1000000
                  max_fund_pay_per_settlement: 100000.00
                  max_fund_pay_per_day: 1000000.00
                  account_requires_cached_balance: true
                """);
        return y.toString();
    }

    private static String when(When w) {
        List<String> keys = new ArrayList<>();
        if (w.insutype() != null) keys.add("insutype: \"" + w.insutype() + "\"");
        if (w.psnType() != null) keys.add("psn_type: " + quoted(w.psnType()));
        if (w.medType() != null) keys.add("med_type: " + quoted(w.medType()));
        if (w.hospLv() != null) keys.add("hosp_lv: " + quoted(w.hospLv()));
        return String.join(", ", keys);
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").toList().toString();
    }

    private static void benefit(StringBuilder y, String indent, Benefit b) {
        y.append(indent).append("deductible: ").append(yuan(b.deductible())).append('\n');
        y.append(indent).append("segments: [");
        for (int i = 0; i < b.segments().size(); i++) {
            Segment s = b.segments().get(i);
            y.append(i == 0 ? "" : ", ").append("{upto: ").append(s.upto() == null ? "null" : yuan(s.upto()))
                    .append(", ratio: ").append(s.ratio().toPlainString()).append('}');
        }
        y.append("]\n");
        y.append(indent).append("annual_cap: ").append(b.annualCap() == null ? "null" : yuan(b.annualCap())).append('\n');
        if (b.visitCap() != null) y.append(indent).append("visit_cap: ").append(yuan(b.visitCap())).append('\n');
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Rule>> rules = rule().list().ofMinSize(2).ofMaxSize(6).map(RuleMatchingPropertiesTest::numbered);
        return Combinators.combine(rules, Arbitraries.of("1", "2", "3", "pharmacy"), person(),
                request().list().ofMinSize(6).ofMaxSize(12)).as(Scenario::new);
    }

    private static List<Rule> numbered(List<Rule> rules) {
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            out.add(new Rule("r" + i, r.when(), r.group(), r.flat(), r.diseases(), r.requiresOpsp(), r.fundPayType(), r.mayPay()));
        }
        return out;
    }

    private static Arbitrary<Rule> rule() {
        Arbitrary<Map<String, Benefit>> diseases = Arbitraries.subsetOf(DISEASES).ofMinSize(1)
                .flatMap(codes -> benefit().list().ofSize(codes.size()).map(bs -> {
                    Map<String, Benefit> m = new LinkedHashMap<>();
                    List<String> sorted = codes.stream().sorted().toList();
                    for (int i = 0; i < sorted.size(); i++) m.put(sorted.get(i), bs.get(i));
                    return m;
                }));
        Arbitrary<Boolean> perDisease = Arbitraries.of(true, false);
        Arbitrary<List<String>> mayPay = Arbitraries.subsetOf(MAY_PAY).ofMinSize(1)
                .map(s -> MAY_PAY.stream().filter(s::contains).toList()).injectNull(0.4);
        return Combinators.combine(when(), Arbitraries.of(GROUPS), perDisease, benefit(), diseases,
                        Arbitraries.of(true, false).injectNull(0.3), Arbitraries.of("310100", "390100", "610100"), mayPay)
                .as((when, group, isDisease, flat, dis, opsp, fund, may) -> isDisease
                        ? new Rule("", when, group, null, dis, opsp, fund, may)
                        : new Rule("", when, group, flat, null, null, fund, may));
    }

    private static Arbitrary<When> when() {
        return Combinators.combine(
                Arbitraries.of("310", "390").injectNull(0.5),
                nonEmptySubset("11", "12", "21").injectNull(0.5),
                nonEmptySubset("11", "14", "41").injectNull(0.4),
                nonEmptySubset("1", "2", "3", "pharmacy").injectNull(0.5)).as(When::new);
    }

    private static Arbitrary<List<String>> nonEmptySubset(String... values) {
        List<String> order = List.of(values);
        return Arbitraries.subsetOf(values).ofMinSize(1).map(s -> order.stream().filter(s::contains).toList());
    }

    private static Arbitrary<Benefit> benefit() {
        Arbitrary<List<Segment>> segments = Arbitraries.subsetOf(500L, 1_000L, 5_000L, 200_000L).ofMaxSize(2)
                .flatMap(bounds -> Arbitraries.of("0.5", "0.7", "0.75", "0.9", "0.3333", "1").list().ofSize(bounds.size() + 1)
                        .map(ratios -> {
                            List<Long> sorted = bounds.stream().sorted().toList();
                            List<Segment> out = new ArrayList<>();
                            for (int i = 0; i < ratios.size(); i++) {
                                out.add(new Segment(i < sorted.size() ? sorted.get(i) : null, new BigDecimal(ratios.get(i))));
                            }
                            return out;
                        }));
        return Combinators.combine(Arbitraries.of(0L, 1_000L, 20_000L), segments,
                        Arbitraries.of(3_000L, 40_000L, 300_000L).injectNull(0.4), Arbitraries.of(500L, 10_000L).injectNull(0.6))
                .as(Benefit::new);
    }

    private static Arbitrary<Person> person() {
        Arbitrary<Insurance> insurance = Combinators.combine(Arbitraries.of("310", "390"), Arbitraries.of("11", "12", "21"),
                Arbitraries.of(0L, 500L, 100_000L)).as(Insurance::new);
        Arbitrary<List<String>> groups = Arbitraries.of(GROUPS).flatMap(g -> Arbitraries.of(DISEASES)
                .map(d -> List.of(g, g + ":" + d)));
        Arbitrary<AccuRow> row = Combinators.combine(groups, Arbitraries.of(true, false), Arbitraries.of(2026, 2027, 2028),
                        Arbitraries.of(0L, 500L, 20_000L), Arbitraries.of(0L, 2_500L, 39_900L), Arbitraries.of(0L, 600L, 199_900L))
                .as((g, flat, year, dedc, fund, inscp) -> new AccuRow(flat ? g.get(0) : g.get(1), year, new Accu(dedc, fund, inscp)));
        LocalDate[] begins = {LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31), LocalDate.of(2028, 1, 1), LocalDate.of(2028, 1, 2)};
        LocalDate[] ends = {LocalDate.of(2027, 12, 30), LocalDate.of(2027, 12, 31), LocalDate.of(2028, 1, 1), LocalDate.of(2028, 1, 3)};
        Arbitrary<Approval> approval = Combinators.combine(Arbitraries.of(DISEASES), Arbitraries.of(begins),
                        Arbitraries.of(ends).injectNull(0.3), Arbitraries.of(0, 1, 2)).as(Approval::new)
                .filter(a -> a.end() == null || !a.end().isBefore(a.begin()));
        Arbitrary<List<String>> insutypes = Arbitraries.of(List.of("310", "390"), List.of("390", "310"), List.of("310", "390"),
                List.of("310"), List.of("390"));
        Arbitrary<List<Insurance>> insurances = insutypes.flatMap(types -> insurance.list().ofSize(types.size()).map(rows -> {
            List<Insurance> out = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) out.add(new Insurance(types.get(i), rows.get(i).psnType(), rows.get(i).balance()));
            return out;
        }));
        return Combinators.combine(insurances,
                row.list().ofMaxSize(8).uniqueElements(r -> r.group() + "/" + r.year()),
                approval.list().ofMaxSize(4)).as(Person::new);
    }

    private static Arbitrary<Request> request() {
        Arbitrary<ModelArithmetic.Line> line = Combinators.combine(
                Arbitraries.of(Fixtures.JIA, Fixtures.JIA, Fixtures.YI, Fixtures.BING),
                Arbitraries.of("0.99", "12.34", "50.00", "333.33"), Arbitraries.of("1", "2", "5"))
                .as((code, pric, cnt) -> new ModelArithmetic.Line(0, code, pric, cnt));
        Arbitrary<List<ModelArithmetic.Line>> lines = line.list().ofMinSize(1).ofMaxSize(2).map(ls -> {
            List<ModelArithmetic.Line> out = new ArrayList<>();
            for (int i = 0; i < ls.size(); i++) out.add(new ModelArithmetic.Line(i + 1, ls.get(i).code(), ls.get(i).pric(), ls.get(i).cnt()));
            return out;
        });
        Arbitrary<Duration> advance = Arbitraries.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofHours(3), Duration.ofHours(6));
        return Combinators.combine(Arbitraries.of(Kind.SETTLE, Kind.SETTLE, Kind.SETTLE, Kind.PRESETTLE, Kind.PRESETTLE,
                        Kind.REVERSE), advance, Arbitraries.of("310", "310", "310", "310", "390", "390", "390", "390", "320"),
                        Arbitraries.of("41", "11", "14", "14", "13"),
                        Arbitraries.of("", "M03900", "M03900", "E11900", "E11900", "I10", "I10", "Z99999"),
                        Arbitraries.of(true, false), lines, Arbitraries.integers().between(0, 100))
                .as(Request::new);
    }
}
