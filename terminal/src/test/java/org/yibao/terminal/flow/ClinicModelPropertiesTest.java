package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.flow.ClinicModel.Expect;
import org.yibao.terminal.flow.ClinicModel.PurchaseAsk;
import org.yibao.terminal.flow.ClinicModel.SettleAsk;
import org.yibao.terminal.flow.ModelArithmetic.Accu;
import org.yibao.terminal.flow.ModelArithmetic.Line;
import org.yibao.terminal.flow.ModelArithmetic.LineSplit;
import org.yibao.terminal.flow.ModelArithmetic.Split;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * The clinic flow (2201 挂号, 2204 费用明细上传, 2206 预结算, 2207 结算, 2208 撤销) against
 * {@link ClinicModel}, offline, on a real SQLite file, interleaved with pharmacy purchases
 * (2101/2102/2103) of the same three persons (an active employee with a 门慢 approval, a retired
 * employee near the annual cap, a resident), 3201, requests sent again under their msgid, and
 * restarts of the terminal on the same data folder. After every step the answer (infcode,
 * term_errcode, every amount of the split, each line's parts) must be the model's, computed
 * from the spec's arithmetic by {@link ModelArithmetic}; and then, as the API shows them, each
 * person's balance and accumulators (1101 from the cache), the day's entries and totals (3201,
 * every entry unacknowledged) and each visit's fee lines must be the model's too.
 */
class ClinicModelPropertiesTest {
    private static final String[] CODES = {Fixtures.JIA, Fixtures.JIA_CAP, Fixtures.YI, Fixtures.YI_CAP, Fixtures.BING,
        Fixtures.ENDED};
    private static final String[] PRICES = {"0.01", "1.99", "2.50", "3.333", "9.99", "10.00", "12.34", "25.50", "99.99",
        "120.00"};
    private static final String[] COUNTS = {"1", "2", "3", "4", "1.5", "0.25", "10"};
    private static final String UNKNOWN_MDTRT = FlowRig.DEVICE + "-M99999999";
    private static final String UNKNOWN_SETL = FlowRig.DEVICE + "-S99999999";
    private static final String NOBODY = "37150000000000000099";
    /** The example policy with a day's offline fund limit a run can reach (the model's {@link ClinicModel#OFFLINE_PER_DAY}). */
    private static final Policy POLICY = PolicyLoader.parse(Fixtures.resource("/examples/policy.yaml")
            .replace("max_fund_pay_per_day: 5000.00", "max_fund_pay_per_day: 400.00"), "policy.yaml");

    sealed interface Step {
    }

    /** 2201 of person {@code who} (3: one never identified), under another insutype when {@code wrongInsutype}. */
    record Register(int who, boolean wrongInsutype) implements Step {
    }

    /** A fee line: indexes into the codes, prices and counts. */
    record LineSpec(int code, int pric, int cnt) {
    }

    /** 2204 to a visit; fault 0 none, 1 a line of another person, 2 a feedetl_sn again, 3 an unknown visit. */
    record Upload(int visit, List<LineSpec> lines, int fault) implements Step {
    }

    /**
     * 2206 / 2207 of a visit; fault 0 none, 1 another person's psn_no, 2 medfee_sumamt 0.01 off, 3
     * an unknown visit; medType 0-7 the person's own, 8 the other clinic one, 9 a pharmacy's (41);
     * declared (2207) 0 nothing, 1 medfee_sumamt and split as the visit's last 2206 answered them,
     * 2 the visit's medfee_sumamt now with the last 2206's split (lines added since make it 1313).
     */
    record Settle(boolean pre, int visit, int fault, int medType, boolean useAccount, int declared) implements Step {
    }

    /** 2101 / 2102 of person {@code who}, medfee_sumamt 0.01 off when {@code wrongTotal}. */
    record Purchase(boolean pre, int who, List<LineSpec> lines, boolean useAccount, boolean wrongTotal) implements Step {
    }

    /** 2103 / 2208 of a settlement; fault 0 none, 1 another person, 2 another mdtrt_id, 3 an unknown setl_id. */
    record Reverse(int pick, int fault, boolean otherInfno) implements Step {
    }

    /** 3201 of the day, filtered by insutype ("", 310, 390) and clr_type ("", 11, 41), the host's totals right or not. */
    record Reconcile(int insutype, int clrType, boolean withReversals, boolean hostRight) implements Step {
    }

    record Resend(int pick) implements Step {
    }

    /** Another request (a 2201 of someone never identified) under the msgid of an answered one. */
    record ReuseMsgid(int pick) implements Step {
    }

    record Restart() implements Step {
    }

    private static OperatorsTemplate template;

    @BeforeContainer
    static void operatorsOnce() throws Exception {
        template = new OperatorsTemplate("clinic-model-template");
    }

    @AfterContainer
    static void dropTemplate() throws Exception {
        template.close();
    }

    @Property(tries = 12, edgeCases = EdgeCasesMode.NONE)
    void theClinicFlowAnswersAsTheModel(@ForAll("runs") List<Step> run) throws Exception {
        try (Run r = new Run()) {
            for (Step step : run) {
                r.apply(step);
                r.compare(step);
            }
            r.identifyAll("the run");
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Boolean> either = Arbitraries.of(true, false);
        Arbitrary<Integer> fault = Arbitraries.frequency(Tuple.of(7, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        Arbitrary<LineSpec> line = Combinators.combine(Arbitraries.integers().between(0, CODES.length - 1),
                Arbitraries.integers().between(0, PRICES.length - 1), Arbitraries.integers().between(0, COUNTS.length - 1))
                .as(LineSpec::new);
        Arbitrary<LineSpec> large = Combinators.combine(Arbitraries.integers().between(0, 3), // in scope, so the fund pays
                Arbitraries.integers().between(PRICES.length - 2, PRICES.length - 1), Arbitraries.of(3, COUNTS.length - 1))
                .as(LineSpec::new); // 399.96 to 1200.00: the offline limits
        Arbitrary<List<LineSpec>> lines = Arbitraries.frequencyOf(Tuple.of(6, line), Tuple.of(1, large)).list().ofMinSize(1)
                .ofMaxSize(3);
        Arbitrary<Step> register = Combinators.combine(Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(3, 1), Tuple.of(3, 2),
                Tuple.of(1, 3)), Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true))).as(Register::new);
        Arbitrary<Step> upload = Combinators.combine(pick, lines, fault).as(Upload::new);
        Arbitrary<Step> settle = Combinators.combine(either, pick, fault, Arbitraries.integers().between(0, 9), either,
                Arbitraries.integers().between(0, 2)).as(Settle::new);
        Arbitrary<Step> purchase = Combinators.combine(Arbitraries.frequency(Tuple.of(1, true), Tuple.of(3, false)),
                Arbitraries.integers().between(0, 2), lines, either,
                Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true))).as(Purchase::new);
        Arbitrary<Step> reverse = Combinators.combine(pick, Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2),
                Tuple.of(1, 3)), Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true))).as(Reverse::new);
        Arbitrary<Step> reconcile = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                either, either).as(Reconcile::new);
        return Arbitraries.frequencyOf(
                Tuple.of(2, register),
                Tuple.of(7, upload),
                Tuple.of(7, settle),
                Tuple.of(3, purchase),
                Tuple.of(3, reverse),
                Tuple.of(1, reconcile),
                Tuple.of(3, pick.map(Resend::new)),
                Tuple.of(1, pick.map(ReuseMsgid::new)),
                Tuple.of(1, Arbitraries.just(new Restart())))
                .list().ofMinSize(25).ofMaxSize(50)
                .map(steps -> Stream.concat(Stream.of(new Register(0, false), new Register(1, false), new Register(2, false)),
                        steps.stream()).toList());
    }

    /** A request as sent: its envelope (kept for sending again byte for byte) and how the model judges its answer. */
    private record Sent(ObjectNode envelope, Judge judge) {
    }

    @FunctionalInterface
    private interface Judge {
        /** Compares the terminal's answer with the model's (as the model stands now) and moves the model on an answer. */
        void judge(JsonNode answer) throws Exception;
    }

    /** One run: three persons seeded in a fresh data folder, the terminal on it (reopened at each restart), the model beside it. */
    private static final class Run implements AutoCloseable {
        private final Path dir;
        private final HandClock clock = new HandClock(FlowRig.START);
        private final ClinicModel model = new ClinicModel();
        private final List<ClinicModel.Person> people = new ArrayList<>();
        private final List<Sent> sent = new ArrayList<>();
        /** The answers the terminal recorded, by msgid: sent again, the very same bytes come back. */
        private final Map<String, String> recorded = new HashMap<>();
        /** What the host remembers of each visit's last 2206: medfee_sumamt and the four split fields. */
        private final Map<String, long[]> lastPreSettle = new HashMap<>();
        private FlowRig rig;
        private int seq;
        private int restarts;

        Run() throws Exception {
            dir = Files.createTempDirectory("clinic-model");
            template.copyInto(dir);
            rig = open();
            person(new ClinicModel.Person(FlowRig.PSN, FlowRig.CERTNO, "310", "11", true, 100_000),
                    Map.of("outpatient", new Accu(20_000, 0, 190_000), "chronic:M03900", new Accu(0, 400_000, 0)));
            person(new ClinicModel.Person("37150000000000000002", "371502195505052345", "310", "12", false, 30_000),
                    Map.of("outpatient", new Accu(5_000, 385_000, 0)));
            person(new ClinicModel.Person("37150000000000000003", "371502200001013456", "390", "21", false, 0),
                    Map.of("outpatient", new Accu(0, 25_000, 0)));
        }

        private FlowRig open() throws SQLException {
            FlowRig opened = new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), FlowRig.KIOSK, clock,
                    db -> new SimulatedPrinter(), Optional.of((folder, db, outbox, time) -> PolicySource.fixed(POLICY)));
            opened.skipMsgids(100 * restarts); // the rig's own 9001 msgids
            return opened;
        }

        /** Seeds the person's cached 1101 answer, as the centre would have given it, and the model alike. */
        private void person(ClinicModel.Person p, Map<String, Accu> accu) throws SQLException {
            p.accu.putAll(accu);
            model.person(p);
            people.add(p);
            ObjectNode out = FlowRig.JSON.createObjectNode();
            out.putObject("baseinfo").put("psn_no", p.psnNo).put("psn_cert_type", "01").put("certno", p.certno)
                    .put("psn_name", "张三" + people.size()).put("gend", "1").put("naty", "01").put("brdy", "1960-01-01")
                    .put("age", 67);
            out.putArray("insuinfo").addObject().put("balc", yuan(p.balance)).put("insutype", p.insutype)
                    .put("psn_type", p.psnType).put("psn_insu_stas", "1").put("insuplc_admdvs", "371500");
            out.putArray("idetinfo");
            ArrayNode rows = out.putArray("term_accuinfo");
            accu.forEach((group, a) -> rows.addObject().put("year", 2027).put("accu_group", group)
                    .put("dedc_used", yuan(a.dedcUsed())).put("fund_paid", yuan(a.fundPaid()))
                    .put("inscp_over_dedc", yuan(a.inscpOverDedc())));
            ArrayNode opsp = out.putArray("term_opspinfo");
            if (p.opsp) opsp.addObject().put("opsp_dise_code", "M03900").put("opsp_dise_name", "高血压").put("begndate", "2026-01-01");
            rig.flows.persons().remember(PersonJson.parse(out), "D3715020" + people.size(), Json.write(out), clock.instant());
        }

        void apply(Step step) throws Exception {
            switch (step) {
                case Register s -> register(s);
                case Upload s -> upload(s);
                case Settle s -> settle(s);
                case Purchase s -> purchase(s);
                case Reverse s -> reverse(s);
                case Reconcile s -> reconcile(s);
                case Resend s -> resend(s);
                case ReuseMsgid s -> reuse(s);
                case Restart s -> {
                    rig.close();
                    restarts++;
                    rig = open();
                    identifyAll(s);
                }
            }
        }

        // the steps: each builds the request, then sends it with how the model judges the answer

        private void register(Register s) throws Exception {
            String psnNo = s.who() == 3 ? NOBODY : people.get(s.who()).psnNo;
            String own = s.who() == 3 ? "310" : people.get(s.who()).insutype;
            String insutype = s.wrongInsutype() ? (own.equals("310") ? "390" : "310") : own;
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("psn_no", psnNo).put("insutype", insutype).put("mdtrt_cert_type", "02")
                    .put("begntime", "2027-01-15 16:00:00");
            send("2201", input, answer -> {
                String code = model.register(psnNo, insutype);
                if (expect("2201", code, answer)) {
                    String mdtrtId = answer.at("/output/data/mdtrt_id").asText();
                    assertTrue(!model.visits.containsKey(mdtrtId), "a new mdtrt_id: " + answer);
                    assertEquals(psnNo, answer.at("/output/data/psn_no").asText());
                    model.registered(mdtrtId, psnNo, insutype);
                }
            });
        }

        private void upload(Upload s) throws Exception {
            String mdtrtId = s.fault() == 3 ? UNKNOWN_MDTRT : visit(s.visit(), x -> x.liveSetl == null);
            ClinicModel.Visit v = model.visits.get(mdtrtId);
            String owner = v == null ? FlowRig.PSN : v.psnNo;
            long next = v == null ? 1 : v.sns.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            List<Line> lines = new ArrayList<>();
            List<String> psnNos = new ArrayList<>();
            ObjectNode input = FlowRig.JSON.createObjectNode();
            ArrayNode feedetail = input.putArray("feedetail");
            for (int i = 0; i < s.lines().size(); i++) {
                long sn = s.fault() == 2 && i == s.lines().size() - 1
                        ? (v == null || v.sns.isEmpty() ? next : v.sns.iterator().next()) : next + i;
                Line line = line(sn, s.lines().get(i));
                String psnNo = s.fault() == 1 && i == 0 ? other(owner) : owner;
                lines.add(line);
                psnNos.add(psnNo);
                feedetail.addObject().put("feedetl_sn", (s.fault() == 2 ? "0" : "") + sn).put("mdtrt_id", mdtrtId)
                        .put("psn_no", psnNo).put("med_type", "11").put("fee_ocur_time", "2027-01-15 16:05:00")
                        .put("med_list_codg", line.code()).put("det_item_fee_sumamt", yuan(line.amount()))
                        .put("cnt", line.cnt()).put("pric", line.pric());
            }
            send("2204", input, answer -> {
                if (expect("2204", model.upload(mdtrtId, psnNos, lines), answer)) {
                    JsonNode result = answer.at("/output/result");
                    assertEquals(lines.size(), result.size(), answer.toString());
                    for (int i = 0; i < lines.size(); i++) {
                        lineParts(ModelArithmetic.split(lines.get(i), v.insutype), result.get(i), "overlmt_amt");
                    }
                    model.uploaded(mdtrtId, lines);
                }
            });
        }

        private void settle(Settle s) throws Exception {
            String mdtrtId = s.fault() == 3 ? UNKNOWN_MDTRT : visit(s.visit(), x -> x.liveSetl == null && !x.lines.isEmpty());
            ClinicModel.Visit v = model.visits.get(mdtrtId);
            String owner = v == null ? FlowRig.PSN : v.psnNo;
            String own = model.persons.get(owner).psnType.equals("11") ? "14" : "11";
            String medType = s.medType() < 8 ? own : s.medType() == 8 ? (own.equals("14") ? "11" : "14") : "41";
            long[] last = lastPreSettle.get(mdtrtId);
            boolean declare = !s.pre() && s.declared() > 0 && last != null;
            long medfee = (declare && s.declared() == 1 ? last[0] : v == null ? 100 : v.lines.stream().mapToLong(Line::amount).sum())
                    + (s.fault() == 2 ? 1 : 0);
            String psnNo = s.fault() == 1 ? other(owner) : owner;
            ObjectNode input = FlowRig.JSON.createObjectNode();
            ObjectNode data = input.putObject("data").put("psn_no", psnNo).put("mdtrt_id", mdtrtId).put("med_type", medType)
                    .put("dise_codg", medType.equals("14") ? "M03900" : "").put("insutype", model.persons.get(owner).insutype)
                    .put("acct_used_flag", s.useAccount() ? "1" : "0").put("medfee_sumamt", yuan(medfee))
                    .put("mdtrt_cert_type", "02").put("mdtrt_cert_no", model.persons.get(psnNo).certno);
            Optional<long[]> declared = Optional.empty();
            if (declare) {
                declared = Optional.of(new long[] {last[1], last[2], last[3], last[4]});
                data.put("fulamt_ownpay_amt", yuan(last[1])).put("overlmt_selfpay", yuan(last[2]))
                        .put("preselfpay_amt", yuan(last[3])).put("inscp_scp_amt", yuan(last[4]));
            }
            SettleAsk ask = new SettleAsk(mdtrtId, psnNo, medType, s.useAccount(), medfee, declared);
            String infno = s.pre() ? "2206" : "2207";
            send(infno, input, answer -> {
                Expect<Split> e = s.pre() ? model.preSettle(ask) : model.settle(ask);
                if (!expect(infno, e.code(), answer)) return;
                figures(e.value(), answer, !s.pre());
                assertEquals(mdtrtId, answer.at("/output/setlinfo/mdtrt_id").asText(), answer.toString());
                assertEquals("11", answer.at("/output/setlinfo/clr_type").asText(), "门诊 " + answer);
                assertEquals(psnNo, answer.at("/output/setlinfo/psn_no").asText(), answer.toString());
                if (s.pre()) {
                    Split x = e.value();
                    lastPreSettle.put(mdtrtId, new long[] {x.medfee(), x.fulamt(), x.overlmt(), x.preselfpay(), x.inscp()});
                } else {
                    model.settled(answer.at("/output/setlinfo/setl_id").asText(), ask, e.value());
                }
            });
        }

        private void purchase(Purchase s) throws Exception {
            ClinicModel.Person p = people.get(s.who());
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < s.lines().size(); i++) lines.add(line(i + 1, s.lines().get(i)));
            long medfee = lines.stream().mapToLong(Line::amount).sum() + (s.wrongTotal() ? 1 : 0);
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("druginfo").put("psn_no", p.psnNo).put("mdtrt_cert_type", "02").put("mdtrt_cert_no", p.certno)
                    .put("insutype", p.insutype).put("med_type", "41").put("medfee_sumamt", yuan(medfee))
                    .put("acct_used_flag", s.useAccount() ? "1" : "0");
            ArrayNode detail = input.putArray("drugdetail");
            for (Line l : lines) {
                detail.addObject().put("feedetl_sn", Long.toString(l.sn())).put("med_list_codg", l.code())
                        .put("det_item_fee_sumamt", yuan(l.amount())).put("cnt", l.cnt()).put("pric", l.pric());
            }
            PurchaseAsk ask = new PurchaseAsk(p.psnNo, lines, s.useAccount(), medfee);
            String infno = s.pre() ? "2101" : "2102";
            send(infno, input, answer -> {
                Expect<Split> e = model.purchase(ask);
                if (!expect(infno, e.code(), answer)) return;
                figures(e.value(), answer, !s.pre());
                assertEquals("41", answer.at("/output/setlinfo/clr_type").asText(), "药店购药 " + answer);
                if (!s.pre()) {
                    String mdtrtId = answer.at("/output/setlinfo/mdtrt_id").asText();
                    assertTrue(!mdtrtId.isEmpty() && !model.visits.containsKey(mdtrtId), answer.toString());
                    model.purchased(answer.at("/output/setlinfo/setl_id").asText(), mdtrtId, ask, e.value());
                }
            });
        }

        private void reverse(Reverse s) throws Exception {
            List<ClinicModel.Setl> all = List.copyOf(model.settlements.values());
            List<ClinicModel.Setl> standing = all.stream().filter(x -> !x.reversed).toList();
            if (all.isEmpty() && s.fault() != 3) return;
            List<ClinicModel.Setl> from = s.pick() % 4 != 3 && !standing.isEmpty() ? standing : all;
            ClinicModel.Setl target = all.isEmpty() ? null : from.get(s.pick() / 4 % from.size());
            String setlId = s.fault() == 3 || target == null ? UNKNOWN_SETL : target.setlId;
            String psnNo = target == null ? FlowRig.PSN : s.fault() == 1 ? other(target.psnNo) : target.psnNo;
            String mdtrtId = target == null ? UNKNOWN_MDTRT : s.fault() == 2 ? otherMdtrt(target) : target.mdtrtId;
            boolean clinic = target == null || target.clrType.equals("11");
            String infno = clinic != s.otherInfno() ? "2208" : "2103";
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("setl_id", setlId).put("mdtrt_id", mdtrtId).put("psn_no", psnNo);
            send(infno, input, answer -> {
                Expect<ClinicModel.Setl> e = model.reverse(setlId, mdtrtId, psnNo);
                if (!expect(infno, e.code(), answer)) return;
                Split x = e.value().split;
                JsonNode info = answer.at("/output/setlinfo");
                assertEquals(setlId, info.path("setl_id").asText(), answer.toString());
                assertEquals(-x.medfee(), fen(info.path("medfee_sumamt")), answer.toString());
                assertEquals(-x.hifp(), fen(info.path("hifp_pay")), answer.toString());
                assertEquals(-x.hifp(), fen(info.path("fund_pay_sumamt")), answer.toString());
                assertEquals(-x.acct(), fen(info.path("acct_pay")), answer.toString());
                assertEquals(-x.cash(), fen(info.path("psn_cash_pay")), answer.toString());
                model.reversed(setlId);
            });
        }

        private void reconcile(Reconcile s) throws Exception {
            String insutype = new String[] {"", "310", "390"}[s.insutype()];
            String clrType = new String[] {"", "11", "41"}[s.clrType()];
            List<ClinicModel.Entry> now = model.entries(insutype, clrType, s.withReversals());
            long[] host = totals(now);
            if (!s.hostRight()) host[1] += 1;
            send("3201", recon(insutype, clrType, s.withReversals(), host), answer -> {
                assertEquals(0, answer.path("infcode").asInt(), answer.toString());
                reconciled(answer, model.entries(insutype, clrType, s.withReversals()), host);
            });
        }

        /** 3201's answer against the model's entries: totals, every entry unacknowledged, balanced only with nothing to count. */
        private void reconciled(JsonNode answer, List<ClinicModel.Entry> entries, long[] host) {
            long[] local = totals(entries);
            JsonNode l = answer.at("/output/term_local");
            assertEquals(local[0], fen(l.path("medfee_sumamt")), answer.toString());
            assertEquals(local[1], fen(l.path("fund_pay_sumamt")), answer.toString());
            assertEquals(local[2], fen(l.path("acct_pay")), answer.toString());
            assertEquals(local[3], l.path("fixmedins_setl_cnt").asLong(), answer.toString());
            assertEquals(0, fen(answer.at("/output/term_acked/medfee_sumamt")), "nothing acknowledged offline: " + answer);
            Set<String> expected = new TreeSet<>();
            for (ClinicModel.Entry e : entries) expected.add(e.setlId() + "/" + e.kind() + "/" + e.medfee() + "/" + e.fund());
            Set<String> actual = new TreeSet<>();
            for (JsonNode d : answer.at("/output/term_diff")) {
                actual.add(d.path("setl_id").asText() + "/" + d.path("kind").asText() + "/" + fen(d.path("medfee_sumamt"))
                        + "/" + fen(d.path("fund_pay_sumamt")));
            }
            assertEquals(expected, actual, "the day's entries, none acknowledged");
            boolean balanced = entries.isEmpty() && java.util.Arrays.equals(host, local);
            assertEquals(balanced ? "0" : "1", answer.at("/output/stmtinfo/stmt_rslt").asText(), answer.toString());
        }

        private void resend(Resend s) throws Exception {
            if (sent.isEmpty()) return;
            Sent earlier = sent.get(s.pick() % sent.size());
            String msgid = earlier.envelope().path("msgid").asText();
            String again = rig.raw(earlier.envelope());
            String before = recorded.get(msgid);
            if (before != null) {
                assertEquals(before, again, "the same msgid gets the recorded answer byte for byte");
                Statistics.label("answers").collect("resent", "recorded");
                return;
            }
            judge(earlier, again);
        }

        /** The same msgid with another request is refused 1009 and changes nothing; the msgid keeps its answer. */
        private void reuse(ReuseMsgid s) throws Exception {
            List<String> answered = List.copyOf(new TreeSet<>(recorded.keySet()));
            if (answered.isEmpty()) return;
            String msgid = answered.get(s.pick() % answered.size());
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("psn_no", NOBODY).put("insutype", "310");
            expect("reused msgid", "1009", FlowRig.JSON.readTree(rig.raw(rig.envelope("2201", msgid, input))));
        }

        private void send(String infno, ObjectNode input, Judge judge) throws Exception {
            Sent s = new Sent(rig.envelope(infno, msgid(), input), judge);
            sent.add(s);
            judge(s, rig.raw(s.envelope()));
        }

        private void judge(Sent s, String raw) throws Exception {
            JsonNode answer = FlowRig.JSON.readTree(raw);
            s.judge().judge(answer);
            if (answer.path("infcode").asInt() == 0) recorded.put(s.envelope().path("msgid").asText(), raw);
        }

        /** Checks the answer's infcode and term_errcode against the model's code; true when it is an answer. */
        private static boolean expect(String infno, String code, JsonNode answer) {
            Statistics.label("answers").collect(infno, code.isEmpty() ? "ok" : code);
            assertEquals(code, answer.path("term_errcode").asText(""), infno + ": " + answer);
            assertEquals(code.isEmpty() ? 0 : -1, answer.path("infcode").asInt(), answer.toString());
            if (!code.isEmpty()) {
                assertTrue(answer.path("err_msg").asText().codePoints()
                        .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), answer.toString());
            }
            return code.isEmpty();
        }

        /** setlinfo, setldetail and detlcutinfo of a 2101/2102/2206/2207 against the model's split. */
        private static void figures(Split x, JsonNode answer, boolean settles) {
            JsonNode info = answer.at("/output/setlinfo");
            String where = answer.toString();
            assertEquals(x.medfee(), fen(info.path("medfee_sumamt")), where);
            assertEquals(x.fulamt(), fen(info.path("fulamt_ownpay_amt")), where);
            assertEquals(x.overlmt(), fen(info.path("overlmt_selfpay")), where);
            assertEquals(x.preselfpay(), fen(info.path("preselfpay_amt")), where);
            assertEquals(x.inscp(), fen(info.path("inscp_scp_amt")), where);
            assertEquals(x.dedc(), fen(info.path("act_pay_dedc")), where);
            assertEquals(x.hifp(), fen(info.path("hifp_pay")), where);
            assertEquals(0, x.poolProp().compareTo(info.path("pool_prop_selfpay").decimalValue()), where);
            assertEquals(x.hifp(), fen(info.path("fund_pay_sumamt")), where);
            assertEquals(x.psnPart(), fen(info.path("psn_part_amt")), where);
            assertEquals(x.acct(), fen(info.path("acct_pay")), where);
            assertEquals(x.cash(), fen(info.path("psn_cash_pay")), where);
            assertEquals(0, fen(info.path("hosp_part_amt")), where);
            assertEquals(x.balc(), fen(info.path("balc")), where);
            assertEquals(settles, !info.path("setl_id").asText("").isEmpty(), where);
            assertEquals(x.poolSelfpay(), fen(info.path("term_pool_selfpay_amt")), where);
            Map<String, Long> rows = new TreeMap<>();
            for (JsonNode row : answer.at("/output/setldetail")) {
                rows.put(row.path("fund_pay_type").asText(), fen(row.path("fund_payamt")));
                if (row.path("fund_pay_type").asText().equals(x.rule().fundPayType())) {
                    assertEquals(x.crtPaybLmt(), fen(row.path("crt_payb_lmt_amt")), "crt_payb_lmt_amt: " + where);
                }
            }
            Map<String, Long> expected = new TreeMap<>();
            if (x.hifp() != 0) expected.put(x.rule().fundPayType(), x.hifp());
            if (x.acct() != 0) expected.put(x.rule().accountType(), x.acct());
            assertEquals(expected, rows, "setldetail: " + where);
            JsonNode cut = answer.at("/output/detlcutinfo");
            assertEquals(x.lines().size(), cut.size(), where);
            for (int i = 0; i < x.lines().size(); i++) lineParts(x.lines().get(i), cut.get(i), "overlmt_amt");
        }

        private static void lineParts(LineSplit x, JsonNode row, String overlmtField) {
            String where = row.toString();
            assertEquals(x.sn(), Long.parseLong(row.path("feedetl_sn").asText()), where);
            assertEquals(x.amount(), fen(row.path("det_item_fee_sumamt")), where);
            assertEquals(x.fulamt(), fen(row.path("fulamt_ownpay_amt")), where);
            assertEquals(x.overlmt(), fen(row.path(overlmtField)), where);
            assertEquals(x.preselfpay(), fen(row.path("preselfpay_amt")), where);
            assertEquals(x.inscp(), fen(row.path("inscp_scp_amt")), where);
            if (!x.level().isEmpty()) assertEquals(x.level(), row.path("chrgitm_lv").asText(), where);
        }

        /**
         * After every step: each person's balance and accumulators as stored (as 1101 shows them
         * after a restart and at the end, {@link #identifyAll}), the day's entries (3201), each visit's lines.
         */
        void compare(Step step) throws Exception {
            for (ClinicModel.Person p : people) {
                assertEquals(p.balance, rig.flows.persons().balance(p.psnNo, p.insutype).getAsLong(), p.psnNo + " balance after " + step);
                assertEquals(accumulators(p), storedAccumulators(p.psnNo), p.psnNo + " accumulators after " + step);
            }
            List<ClinicModel.Entry> entries = model.entries("", "", true);
            long[] host = totals(entries);
            reconciled(rig.call("3201", msgid(), "1", recon("", "", true, host)), entries, host);
            for (ClinicModel.Visit v : model.visits.values()) {
                List<Long> expected = v.lines.stream().map(Line::sn).toList();
                List<Long> actual = new ArrayList<>();
                for (JsonNode line : FlowRig.JSON.readTree(storedFees(v.mdtrtId))) actual.add(Long.parseLong(line.path("feedetl_sn").asText()));
                assertEquals(expected, actual, v.mdtrtId + "'s fee lines after " + step);
            }
        }

        /** Each person's balance and accumulators in the 1101 answer from the cache (the centre unreachable). */
        void identifyAll(Object after) throws Exception {
            for (ClinicModel.Person p : people) {
                ObjectNode input = FlowRig.JSON.createObjectNode();
                input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", p.certno);
                JsonNode answer = rig.call("1101", msgid(), "1", input);
                assertEquals(0, answer.path("infcode").asInt(), answer.toString());
                assertEquals(p.balance, fen(answer.at("/output/insuinfo/0/balc")), p.psnNo + " 1101 balance after " + after);
                Map<String, Accu> shown = new TreeMap<>();
                for (JsonNode row : answer.at("/output/term_accuinfo")) {
                    Accu a = new Accu(fen(row.path("dedc_used")), fen(row.path("fund_paid")), fen(row.path("inscp_over_dedc")));
                    if (row.path("year").asInt() == 2027 && !a.equals(Accu.ZERO)) shown.put(row.path("accu_group").asText(), a);
                }
                assertEquals(accumulators(p), shown, p.psnNo + " 1101 accumulators after " + after);
            }
        }

        /** The model's accumulators of 2027 by group, rows at zero left out (a reversal may leave one at zero). */
        private static Map<String, Accu> accumulators(ClinicModel.Person p) {
            Map<String, Accu> expected = new TreeMap<>(p.accu);
            expected.values().removeIf(Accu.ZERO::equals);
            return expected;
        }

        private Map<String, Accu> storedAccumulators(String psnNo) throws SQLException {
            return rig.db.read(c -> {
                Map<String, Accu> rows = new TreeMap<>();
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT accu_group, dedc_used, fund_paid, inscp_over_dedc FROM accumulator WHERE psn_no = ? AND year = 2027")) {
                    p.setString(1, psnNo);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            Accu a = new Accu(r.getLong(2), r.getLong(3), r.getLong(4));
                            if (!a.equals(Accu.ZERO)) rows.put(r.getString(1), a);
                        }
                    }
                }
                return rows;
            });
        }

        private String storedFees(String mdtrtId) throws SQLException {
            return rig.db.read(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT fees_json FROM clinic_visit WHERE mdtrt_id = ?")) {
                    p.setString(1, mdtrtId);
                    try (ResultSet r = p.executeQuery()) {
                        assertTrue(r.next(), "visit " + mdtrtId + " stored");
                        return r.getString(1);
                    }
                }
            });
        }

        private static ObjectNode recon(String insutype, String clrType, boolean withReversals, long[] host) {
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("insutype", insutype).put("clr_type", clrType).put("setl_optins", "371500")
                    .put("stmt_begndate", "2027-01-15").put("stmt_enddate", "2027-01-15").put("medfee_sumamt", yuan(host[0]))
                    .put("fund_pay_sumamt", yuan(host[1])).put("acct_pay", yuan(host[2]))
                    .put("fixmedins_setl_cnt", Long.toString(host[3])).put("refd_setl_flag", withReversals ? "1" : "0");
            return input;
        }

        private static long[] totals(List<ClinicModel.Entry> entries) {
            long[] t = new long[4];
            for (ClinicModel.Entry e : entries) {
                t[0] += e.medfee();
                t[1] += e.fund();
                t[2] += e.acct();
                t[3]++;
            }
            return t;
        }

        /**
         * In three picks of four one of the three latest visits {@code ready} for the step (one
         * that takes fees, or has fees to settle), else any visit; a made-up mdtrt_id while none is registered.
         */
        private String visit(int pick, java.util.function.Predicate<ClinicModel.Visit> ready) {
            List<String> all = List.copyOf(model.visits.keySet());
            if (all.isEmpty()) return UNKNOWN_MDTRT;
            List<String> fit = model.visits.values().stream().filter(ready).map(v -> v.mdtrtId).toList();
            if (pick % 4 == 3 || fit.isEmpty()) return all.get(pick / 4 % all.size());
            return fit.get(fit.size() - 1 - pick / 4 % Math.min(3, fit.size()));
        }

        private String other(String psnNo) {
            int i = 0;
            while (!people.get(i).psnNo.equals(psnNo)) i++;
            return people.get((i + 1) % people.size()).psnNo;
        }

        /** Another settlement's mdtrt_id, or a made-up one when there is none. */
        private String otherMdtrt(ClinicModel.Setl target) {
            return model.settlements.values().stream().map(s -> s.mdtrtId).filter(id -> !id.equals(target.mdtrtId)).findFirst()
                    .orElse(UNKNOWN_MDTRT);
        }

        private static Line line(long sn, LineSpec spec) {
            return new Line(sn, CODES[spec.code()], PRICES[spec.pric()], COUNTS[spec.cnt()]);
        }

        private String msgid() {
            return Envelopes.FIXMEDINS + "20270115100000" + String.format("%04d", ++seq);
        }

        @Override
        public void close() throws Exception {
            rig.close();
            delete(dir);
        }
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }

    private static long fen(JsonNode amount) {
        return new BigDecimal(amount.asText()).movePointRight(2).longValueExact();
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
