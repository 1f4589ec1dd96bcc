package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.yibao.outbox.MessageState;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.centre.AcceptedClaims;
import org.yibao.terminal.centre.Reconciliation;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.flow.ReconciliationModel.Claim;
import org.yibao.terminal.flow.ReconciliationModel.Entry;
import org.yibao.terminal.flow.ReconciliationModel.Setl;
import org.yibao.terminal.flow.ReconciliationModel.Totals;
import org.yibao.terminal.operator.HandClock;

/**
 * 3201 对总账's totals and grouping against {@link ReconciliationModel}, on the terminal as
 * `terminal run` assembles it (real SQLite file, outbox and uplink) with the reference centre
 * behind a real Mosquitto broker. Activity runs from 22:30 on 2027-01-15, Beijing time, for up to
 * 60 hours, so settlements fall on both sides of midnight: pharmacy purchases (2102, clr_type 41)
 * and clinic visits (2201, 2204, 2207; clr_type 11) of an employee (310, personal account) and a
 * resident (390), with the account asked for or not, reversed (2103 / 2208) the same day or
 * later. The centre goes away and comes back: the claims made meanwhile stay unanswered until it
 * does, and some of them it rejects; the terminal restarts on its data folder. Between them,
 * 3201 of random periods (one day, several, a period with nothing in it, one that ends before it
 * begins: 1375), each insutype × clr_type filter, refd_setl_flag 1, empty, absent or 0, with the
 * host's totals the model's or a fen or a count off. Each answer must be the model's: stmt_rslt,
 * what stmt_rslt_dscr says, the local and acknowledged totals overall and per insutype ×
 * clr_type, and the entries the centre has not acknowledged (with their claim and its state).
 * The acknowledged totals per group must also be what the reference centre itself adds up from
 * the claims it accepted ({@link Reconciliation}).
 */
class ReconciliationTotalsPropertiesTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** 2027-01-15 22:30, Beijing time. */
    private static final Instant START = LocalDateTime.of(2027, 1, 15, 22, 30).atZone(BEIJING).toInstant();
    /** No activity after this (the outbox refuses fund-paying settlements once a claim is 72 h unanswered). */
    private static final Instant END = START.plus(Duration.ofHours(60));
    private static final LocalDate FIRST_DAY = LocalDate.of(2027, 1, 15);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] PRICES = {"0.01", "3.50", "12.34", "45.60", "99.99"};
    private static final String[] INSUTYPES = {"", "310", "390"};
    private static final String[] CLR_TYPES = {"", "11", "41"};
    /** refd_setl_flag as sent: "1", "", left out (null), "0". */
    private static final String[] FLAGS = {"1", "", null, "0"};

    /** An insured person: an employee with an account (310 / 12: pharmacy and 普通门诊), a resident without (390). */
    private record Person(String psnNo, String certno, String insutype, String psnType, String balance) {
    }

    private static final Person[] PEOPLE = {
        new Person("37150000000000000002", "371502195505052345", "310", "12", "300.00"),
        new Person("37150000000000000003", "371502200001013456", "390", "21", "0.00"),
    };

    sealed interface Step {
    }

    /** The clock moves on (a step that would pass {@link #END} does nothing). */
    record Advance(int minutes) implements Step {
    }

    /** 2102 of {@code cnt} × PRICES[pric] of a 甲类 drug; while the centre is away, its claim rejected on arrival if {@code reject}. */
    record Purchase(int who, int pric, int cnt, boolean useAccount, boolean reject) implements Step {
    }

    /** 2201, 2204 (one line) and 2207 of a 普通门诊 visit; {@code reject} as for {@link Purchase}. */
    record Visit(int who, int pric, int cnt, boolean useAccount, boolean reject) implements Step {
    }

    /**
     * 2103 / 2208 of a standing settlement (one of the older half when {@code older}, so that more
     * reversals fall on a later day); {@code reject} as for {@link Purchase}, for the reversal's claim.
     */
    record Reverse(int pick, boolean older, boolean reject) implements Step {
    }

    record Away() implements Step {
    }

    record Back() implements Step {
    }

    /** The terminal stops and starts again on the same data folder (its uplink publishes again what was unanswered). */
    record Restart() implements Step {
    }

    /**
     * 3201. period 0 one day (of a recent settlement, mostly), 1 several days, 2 a period with no
     * activity, 3 one that ends before it begins; host 0-4 the model's totals, 5 medfee_sumamt a fen more, 6 fund_pay_sumamt a fen
     * less, 7 acct_pay a fen more, 8 one more entry, 9 one fewer (one more when there are none).
     */
    record Reconcile(int period, int first, int length, int insutype, int clrType, int flag, int host) implements Step {
    }

    private static OperatorsTemplate template;

    @BeforeContainer
    static void operatorsOnce() throws Exception {
        template = new OperatorsTemplate("recon-totals-template");
    }

    @AfterContainer
    static void dropTemplate() throws Exception {
        template.close();
    }

    @Property(tries = 5, edgeCases = EdgeCasesMode.NONE)
    void reconciliationAnswersAsTheModel(@ForAll("runs") List<Step> run) throws Exception {
        try (Run r = new Run()) {
            for (Step step : run) r.apply(step);
            r.apply(new Back());
            r.apply(new Reconcile(1, 0, 3, 0, 0, 0, 0)); // the whole span, everything answered
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Boolean> either = Arbitraries.of(true, false);
        Arbitrary<Boolean> seldom = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
        Arbitrary<Integer> who = Arbitraries.integers().between(0, PEOPLE.length - 1);
        Arbitrary<Integer> pric = Arbitraries.integers().between(0, PRICES.length - 1);
        Arbitrary<Integer> cnt = Arbitraries.integers().between(1, 3);
        Arbitrary<Step> advance = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(1, 40)),
                Tuple.of(3, Arbitraries.integers().between(60, 300)), Tuple.of(2, Arbitraries.integers().between(360, 720)))
                .map(Advance::new);
        Arbitrary<Step> purchase = Combinators.combine(who, pric, cnt, either, seldom).as(Purchase::new);
        Arbitrary<Step> visit = Combinators.combine(who, pric, cnt, either, seldom).as(Visit::new);
        Arbitrary<Step> reverse = Combinators.combine(Arbitraries.integers().between(0, 1_000), either, seldom).as(Reverse::new);
        Arbitrary<Integer> filter = Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(1, 1), Tuple.of(1, 2)); // "" (all) or one
        Arbitrary<Step> reconcile = Combinators.combine(Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(4, 1), Tuple.of(1, 2),
                        Tuple.of(1, 3)), Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3),
                filter, filter, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 9)).as(Reconcile::new);
        return Arbitraries.frequencyOf(
                Tuple.of(4, advance),
                Tuple.of(4, purchase),
                Tuple.of(3, visit),
                Tuple.of(3, reverse),
                Tuple.of(1, Arbitraries.just(new Away())),
                Tuple.of(1, Arbitraries.just(new Back())),
                Tuple.of(1, Arbitraries.just(new Restart())),
                Tuple.of(5, reconcile))
                .list().ofMinSize(25).ofMaxSize(40);
    }

    /** One run: a fresh broker, centre and terminal (the template's operators), two persons seeded, the model beside them. */
    private static final class Run implements AutoCloseable {
        private final Path dir;
        private final HandClock clock = new HandClock(START);
        private final ReconciliationModel model = new ReconciliationModel();
        private final CentreRig centre;
        private FlowRig rig;
        /** Every claim the terminal queued, by id: its settlement and whether it is the reversal's. */
        private final Map<String, ClaimOf> claims = new HashMap<>();
        /** The claims the centre will reject when they arrive. */
        private final Set<String> rejected = new HashSet<>();
        private boolean away;
        private Instant shiftStarted = START;
        private int restarts;

        private record ClaimOf(Setl setl, boolean reversal) {
        }

        Run() throws Exception {
            dir = Files.createTempDirectory("recon-totals");
            template.copyInto(dir.resolve("t"));
            centre = new CentreRig(dir);
            rig = open();
            for (int i = 0; i < PEOPLE.length; i++) seed(PEOPLE[i], i);
        }

        private FlowRig open() throws Exception {
            // with the centre away the connect's ping goes unanswered: the rig does not wait for it
            FlowRig opened = away ? FlowRig.restarted(dir.resolve("t"), centre.broker.uri(), clock)
                    : new FlowRig(dir.resolve("t"), java.util.Optional.of(centre.broker.uri()), OutboxPolicy.defaults(),
                            FlowRig.KIOSK, clock, db -> new SimulatedPrinter());
            opened.skipMsgids(1_000 * restarts); // a new rig numbers its msgids from the start again
            return opened;
        }

        private void seed(Person p, int i) throws Exception {
            ObjectNode out = FlowRig.JSON.createObjectNode();
            out.putObject("baseinfo").put("psn_no", p.psnNo()).put("psn_cert_type", "01").put("certno", p.certno())
                    .put("psn_name", "李四" + i).put("gend", "1").put("naty", "01").put("brdy", "1960-01-01").put("age", 67);
            out.putArray("insuinfo").addObject().put("balc", p.balance()).put("insutype", p.insutype())
                    .put("psn_type", p.psnType()).put("psn_insu_stas", "1").put("insuplc_admdvs", "371500");
            out.putArray("idetinfo");
            out.putArray("term_accuinfo").addObject().put("year", 2027).put("accu_group", "outpatient")
                    .put("dedc_used", "50.00").put("fund_paid", "0").put("inscp_over_dedc", "0");
            out.putArray("term_opspinfo");
            rig.flows.persons().remember(PersonJson.parse(out), "D3715020" + i, Json.write(out), clock.instant());
        }

        void apply(Step step) throws Exception {
            switch (step) {
                case Advance s -> advance(s);
                case Purchase s -> purchase(s);
                case Visit s -> visit(s);
                case Reverse s -> reverse(s);
                case Away s -> {
                    if (away) return;
                    answered();
                    centre.away();
                    away = true;
                }
                case Back s -> {
                    if (!away) return;
                    centre.back();
                    away = false;
                    answered();
                }
                case Reconcile s -> reconcile(s);
                case Restart s -> {
                    rig.close();
                    restarts++;
                    rig = open();
                    shiftStarted = clock.instant();
                }
            }
        }

        private void advance(Advance s) {
            Duration by = Duration.ofMinutes(s.minutes());
            if (clock.instant().plus(by).isAfter(END)) return;
            clock.advance(by);
            if (Duration.between(shiftStarted, clock.instant()).toHours() >= 7) { // sign-ins last 8 hours
                rig.newShift();
                shiftStarted = clock.instant();
            }
        }

        private void purchase(Purchase s) throws Exception {
            Person p = PEOPLE[s.who()];
            long amount = fen(PRICES[s.pric()]) * s.cnt();
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("druginfo").put("psn_no", p.psnNo()).put("mdtrt_cert_type", "02").put("mdtrt_cert_no", p.certno())
                    .put("insutype", p.insutype()).put("med_type", "41").put("medfee_sumamt", yuan(amount))
                    .put("acct_used_flag", s.useAccount() ? "1" : "0");
            input.putArray("drugdetail").addObject().put("feedetl_sn", "1").put("med_list_codg", Fixtures.JIA)
                    .put("det_item_fee_sumamt", yuan(amount)).put("cnt", Integer.toString(s.cnt())).put("pric", PRICES[s.pric()]);
            settled(ok("2102", input), p, "41", amount, s.reject());
        }

        private void visit(Visit s) throws Exception {
            Person p = PEOPLE[s.who()];
            long amount = fen(PRICES[s.pric()]) * s.cnt();
            JsonNode reg = ok("2201", data("psn_no", p.psnNo(), "insutype", p.insutype(), "mdtrt_cert_type", "02",
                    "mdtrt_cert_no", p.certno()));
            String mdtrtId = reg.at("/output/data/mdtrt_id").asText();
            ObjectNode fees = FlowRig.JSON.createObjectNode();
            fees.putArray("feedetail").addObject().put("feedetl_sn", "1").put("mdtrt_id", mdtrtId).put("psn_no", p.psnNo())
                    .put("med_type", "11").put("fee_ocur_time", TIME.format(now())).put("med_list_codg", Fixtures.JIA)
                    .put("det_item_fee_sumamt", yuan(amount)).put("cnt", Integer.toString(s.cnt())).put("pric", PRICES[s.pric()]);
            ok("2204", fees);
            JsonNode done = ok("2207", data("psn_no", p.psnNo(), "mdtrt_id", mdtrtId, "med_type", "11", "insutype", p.insutype(),
                    "acct_used_flag", s.useAccount() ? "1" : "0", "medfee_sumamt", yuan(amount), "mdtrt_cert_type", "02",
                    "mdtrt_cert_no", p.certno()));
            assertEquals(mdtrtId, done.at("/output/setlinfo/mdtrt_id").asText(), done.toString());
            settled(done, p, "11", amount, s.reject());
        }

        /** The settlement the answer made, into the model: its day is the Beijing date of the clock when it settled. */
        private void settled(JsonNode answer, Person p, String clrType, long amount, boolean reject) throws Exception {
            JsonNode info = answer.at("/output/setlinfo");
            String where = answer.toString();
            assertEquals(TIME.format(now()), info.path("setl_time").asText(), "setl_time is the clock's Beijing time: " + where);
            assertEquals(p.insutype(), info.path("insutype").asText(), where);
            assertEquals(clrType, info.path("clr_type").asText(), where);
            assertEquals(amount, fen(info.path("medfee_sumamt")), where);
            long fund = fen(info.path("fund_pay_sumamt"));
            long acct = fen(info.path("acct_pay"));
            assertEquals(amount, fund + fen(info.path("psn_part_amt")) + fen(info.path("hosp_part_amt")), where);
            Setl setl = new Setl(info.path("setl_id").asText(), info.path("mdtrt_id").asText(), p.psnNo(), p.insutype(), clrType,
                    now().toLocalDate(), amount, fund, acct);
            model.settled(setl);
            queued(rig.flows.settlements().find(setl.setlId).orElseThrow().claimId(), new ClaimOf(setl, false), reject);
            Statistics.label("settlements").collect(clrType, p.insutype(), away ? "centre away" : "centre there");
        }

        private void reverse(Reverse s) throws Exception {
            List<Setl> standing = model.settlements.values().stream().filter(x -> x.reversal == null).toList();
            if (standing.isEmpty()) return;
            Setl target = standing.get(s.pick() % (s.older() ? (standing.size() + 1) / 2 : standing.size()));
            JsonNode answer = ok(target.clrType.equals("41") ? "2103" : "2208",
                    data("setl_id", target.setlId, "mdtrt_id", target.mdtrtId, "psn_no", target.psnNo));
            assertEquals(-target.medfee, fen(answer.at("/output/setlinfo/medfee_sumamt")), answer.toString());
            model.reversed(target.setlId);
            String claimId = rig.flows.settlements().find(target.setlId).orElseThrow().reversalClaimId().orElseThrow();
            queued(claimId, new ClaimOf(target, true), s.reject());
            Statistics.label("reversals").collect(target.day.equals(now().toLocalDate()) ? "same day" : "later day");
        }

        /** A claim the terminal queued; the centre, while away, is told to reject it when it arrives, if {@code reject}. */
        private void queued(String claimId, ClaimOf of, boolean reject) throws Exception {
            claims.put(claimId, of);
            if (away && reject) {
                centre.claims.rejectId(claimId, "E_TEST", "测试拒付");
                rejected.add(claimId);
            }
        }

        /**
         * With the centre there, waits until it has answered every claim, checks each answer (rejected
         * only if it was told to) and puts it into the model.
         */
        private void answered() throws Exception {
            Eventually.await(Duration.ofSeconds(20), () -> {
                for (String id : claims.keySet()) {
                    MessageState state = rig.outbox.find(id).orElseThrow().state();
                    if (state != MessageState.ACKED && state != MessageState.REJECTED) return false;
                }
                return true;
            }, () -> "the centre did not answer every claim: " + states());
            for (Map.Entry<String, ClaimOf> c : claims.entrySet()) {
                MessageState state = rig.outbox.find(c.getKey()).orElseThrow().state();
                Claim expected = rejected.contains(c.getKey()) ? Claim.REJECTED : Claim.ACKED;
                assertEquals(expected.name(), state.name(), c.getKey());
                Setl setl = c.getValue().setl();
                boolean reversal = c.getValue().reversal();
                if ((reversal ? setl.reversal : setl.claim) == Claim.UNANSWERED) {
                    Statistics.label("claims answered").collect(reversal ? "reversal" : "settlement", expected.name());
                }
                if (reversal) {
                    setl.reversal = expected;
                } else {
                    setl.claim = expected;
                }
            }
        }

        private String states() {
            Map<String, String> out = new TreeMap<>();
            for (String id : claims.keySet()) {
                try {
                    out.put(id, rig.outbox.find(id).map(m -> m.state().name()).orElse("missing"));
                } catch (Exception e) {
                    out.put(id, e.toString());
                }
            }
            return out.toString();
        }

        private void reconcile(Reconcile s) throws Exception {
            if (!away) answered();
            LocalDate begin;
            LocalDate end;
            switch (s.period()) {
                case 0 -> begin = end = day(s.first());
                case 1 -> {
                    begin = FIRST_DAY.plusDays(s.first() % 3 - 1);
                    end = begin.plusDays(1 + s.length());
                }
                case 2 -> begin = end = s.first() % 2 == 0 ? FIRST_DAY.minusDays(2 + s.length()) : FIRST_DAY.plusDays(4 + s.length());
                default -> {
                    begin = FIRST_DAY.plusDays(1 + s.first() % 3);
                    end = begin.minusDays(1 + s.length() % 2);
                }
            }
            String insutype = INSUTYPES[s.insutype()];
            String clrType = CLR_TYPES[s.clrType()];
            String flag = FLAGS[s.flag()];
            boolean withReversals = !"0".equals(flag);
            List<Entry> entries = end.isBefore(begin) ? List.of() : model.entries(begin, end, insutype, clrType, withReversals);
            Totals host = host(ReconciliationModel.totals(entries), s.host());
            String optins = "3715" + String.format("%02d", s.first());
            ObjectNode input = data("insutype", insutype, "clr_type", clrType, "setl_optins", optins,
                    "stmt_begndate", begin.toString(), "stmt_enddate", end.toString(), "medfee_sumamt", yuan(host.medfee()),
                    "fund_pay_sumamt", yuan(host.fund()), "acct_pay", yuan(host.acct()),
                    "fixmedins_setl_cnt", Long.toString(host.count()));
            if (flag != null) ((ObjectNode) input.get("data")).put("refd_setl_flag", flag);
            JsonNode answer = rig.call("3201", input);
            String where = begin + ".." + end + " " + insutype + "/" + clrType + " flag " + flag + ": " + answer;
            if (end.isBefore(begin)) {
                assertEquals(-1, answer.path("infcode").asInt(), where);
                assertEquals("1375", answer.path("term_errcode").asText(), where);
                assertTrue(answer.path("err_msg").asText().contains("晚于"), where);
                Statistics.label("3201").collect("1375", "refused");
                return;
            }
            ReconciliationModel.Answer x = ReconciliationModel.answer(entries, host);
            assertEquals(0, answer.path("infcode").asInt(), where);
            JsonNode info = answer.at("/output/stmtinfo");
            assertEquals(optins, info.path("setl_optins").asText(), where);
            assertEquals(x.balanced() ? "0" : "1", info.path("stmt_rslt").asText(), where);
            String dscr = info.path("stmt_rslt_dscr").asText();
            assertEquals(x.balanced(), dscr.contains("平衡"), where);
            assertEquals(!x.hostAgrees(), dscr.contains("机构上报总额与本机结算不符"), where);
            assertEquals(!x.unacknowledged().isEmpty(), dscr.contains("有 " + x.unacknowledged().size() + " 笔未获中心确认"), where);
            assertEquals(x.local(), totals(answer.at("/output/term_local")), "local totals " + where);
            assertEquals(x.acked(), totals(answer.at("/output/term_acked")), "acknowledged totals " + where);
            assertEquals(groups(x.groups()), groups(answer.at("/output/term_groups")), "per insutype × clr_type " + where);
            assertEquals(unacknowledged(x.unacknowledged()), diff(answer.at("/output/term_diff")), "the entries listed " + where);
            assertEquals(ackedGroups(x.groups()), centreGroups(begin, end, insutype, clrType, withReversals),
                    "the reference centre's totals of what it accepted " + where);
            Statistics.label("3201").collect(x.balanced() ? "balanced" : x.hostAgrees() ? "unacknowledged" : "host differs",
                    entries.isEmpty() ? "nothing" : "entries");
            Statistics.label("3201 lists").collect(x.unacknowledged().stream().map(e -> e.kind() + " " + e.claim()).distinct()
                    .sorted().toList().toString());
        }

        /** The day of one of the five latest settlements ({@code pick} 0-3 of 5), else one of the four days. */
        private LocalDate day(int pick) {
            List<Setl> all = List.copyOf(model.settlements.values());
            if (pick == 4 || all.isEmpty()) return FIRST_DAY.plusDays(pick % 4);
            return all.get(Math.max(0, all.size() - 1 - pick)).day;
        }

        /** The host's totals: the model's, or one figure off. */
        private static Totals host(Totals t, int how) {
            return switch (how) {
                case 5 -> new Totals(t.medfee() + 1, t.fund(), t.acct(), t.count());
                case 6 -> new Totals(t.medfee(), t.fund() - 1, t.acct(), t.count());
                case 7 -> new Totals(t.medfee(), t.fund(), t.acct() + 1, t.count());
                case 8 -> new Totals(t.medfee(), t.fund(), t.acct(), t.count() + 1);
                case 9 -> new Totals(t.medfee(), t.fund(), t.acct(), t.count() > 0 ? t.count() - 1 : 1);
                default -> t;
            };
        }

        private static Totals totals(JsonNode n) {
            return new Totals(fen(n.path("medfee_sumamt")), fen(n.path("fund_pay_sumamt")), fen(n.path("acct_pay")),
                    n.path("fixmedins_setl_cnt").asLong(-1));
        }

        private static Map<String, List<Totals>> groups(Map<String, Totals[]> model) {
            Map<String, List<Totals>> out = new TreeMap<>();
            model.forEach((k, v) -> out.put(k, List.of(v)));
            return out;
        }

        private static Map<String, List<Totals>> groups(JsonNode rows) {
            Map<String, List<Totals>> out = new TreeMap<>();
            for (JsonNode row : rows) {
                out.put(row.path("insutype").asText() + "|" + row.path("clr_type").asText(),
                        List.of(totals(row.path("local")), totals(row.path("acked"))));
            }
            return out;
        }

        private static Map<String, Totals> ackedGroups(Map<String, Totals[]> model) {
            Map<String, Totals> out = new TreeMap<>();
            model.forEach((k, v) -> {
                if (v[1].count() > 0) out.put(k, v[1]);
            });
            return out;
        }

        private Map<String, Totals> centreGroups(LocalDate begin, LocalDate end, String insutype, String clrType,
                                                 boolean withReversals) throws Exception {
            Map<String, Totals> out = new TreeMap<>();
            for (Reconciliation.Group g : Reconciliation.totals(new AcceptedClaims(centre.centreDb).of(Envelopes.FIXMEDINS),
                    begin, end, insutype, clrType, withReversals)) {
                out.put(g.insutype() + "|" + g.clrType(),
                        new Totals(g.medfeeSumamt(), g.fundPaySumamt(), g.acctPay(), g.settlementCount()));
            }
            return out;
        }

        /**
         * The model's unacknowledged entries as the terminal lists them, each with the claim the
         * terminal queued for it; a claim not answered yet is PENDING or SENT.
         */
        private List<String> unacknowledged(List<Entry> entries) {
            Map<String, String> ids = new HashMap<>();
            claims.forEach((id, of) -> ids.put(of.setl().setlId + "/" + (of.reversal() ? "reversal" : "settlement"), id));
            List<String> out = new ArrayList<>();
            for (Entry e : entries) {
                out.add(e.setlId() + "/" + e.kind() + "/" + ids.get(e.setlId() + "/" + e.kind()) + "/" + e.medfee() + "/"
                        + e.fund() + "/" + (e.claim() == Claim.REJECTED ? "REJECTED" : "unanswered"));
            }
            out.sort(null);
            return out;
        }

        private static List<String> diff(JsonNode rows) {
            List<String> out = new ArrayList<>();
            for (JsonNode d : rows) {
                String state = d.path("claim_state").asText();
                out.add(d.path("setl_id").asText() + "/" + d.path("kind").asText() + "/" + d.path("claim_id").asText() + "/"
                        + fen(d.path("medfee_sumamt")) + "/"
                        + fen(d.path("fund_pay_sumamt")) + "/"
                        + (state.equals("PENDING") || state.equals("SENT") ? "unanswered" : state));
            }
            out.sort(null);
            return out;
        }

        private JsonNode ok(String infno, ObjectNode input) throws Exception {
            JsonNode answer = rig.call(infno, rig.nextMsgid(), "1", input);
            assertEquals(0, answer.path("infcode").asInt(), infno + " at " + now() + ": " + answer);
            return answer;
        }

        private LocalDateTime now() {
            return LocalDateTime.ofInstant(clock.instant(), BEIJING);
        }

        @Override
        public void close() throws Exception {
            try {
                rig.close();
                centre.close();
            } finally {
                delete(dir);
            }
        }
    }

    private static ObjectNode data(String... pairs) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode d = input.putObject("data");
        for (int i = 0; i < pairs.length; i += 2) d.put(pairs[i], pairs[i + 1]);
        return input;
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }

    private static long fen(JsonNode amount) {
        return fen(amount.asText());
    }

    private static long fen(String yuan) {
        return new BigDecimal(yuan).movePointRight(2).longValueExact();
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
