package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.policy.OfflineLimits;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.flow.OfflineLimitsModel.Expect;
import org.yibao.terminal.flow.OfflineLimitsModel.Limits;
import org.yibao.terminal.flow.OfflineLimitsModel.Person;
import org.yibao.terminal.operator.HandClock;

/**
 * The policy's offline limits and the full-backlog rule over random runs of up to five Beijing
 * days, through the real flows (real SQLite, real Mosquitto and the reference centre): the
 * centre goes away (the broker stops, the uplink drops), or falls silent behind the running broker
 * (the terminal settles online until a 1101 goes unanswered, then offline, counting its time
 * offline from that 1101; a broker lost afterwards is no contact), and comes back (the uplink
 * reconnects, the centre answers and everything drains); 1101 online or from the cache (中心不可达
 * or 中心未及时应答); 2101/2102 of random sizes next to the limits for two employees (310,
 * account) and a resident (390), with or without the account, or 全自费; 2103; time passing
 * across midnights and onto the {@code max_hours} and backlog-age boundaries and one second past
 * them. {@link OfflineLimitsModel} says what every answer must be; after every step the
 * terminal's figures, claims, day totals, whether it takes the centre for answering and (while
 * offline) its last contact must be the model's, and after the centre is back
 * it must have stored every claim made meanwhile.
 */
class OfflineLimitsPropertiesTest {
    private static final Duration RUN_LENGTH = Duration.ofDays(5);
    /** Amounts next to the limits: 142.85 × 0.70 rounds to 100.00, 142.87 × 0.70 to 100.01; 200.00 / 200.02 × 0.50 likewise. */
    private static final long[] AMOUNTS = {100, 9_999, 14_285, 14_287, 20_000, 20_002, 35_000, 71};

    private static final Person ZHANG = OfflineLimitsModel.ZHANG;
    private static final Person LI = OfflineLimitsModel.LI;
    private static final Person WANG = OfflineLimitsModel.WANG;
    /** Indexes into {@link #AMOUNTS}: 1.00 (fund 0.70 / 0.50), 142.85 (an employee's fund exactly 100.00), 200.00 (a resident's). */
    private static final int SMALL = 0;
    private static final int AT_LIMIT_310 = 2;
    private static final int AT_LIMIT_390 = 4;

    sealed interface Step {
    }

    record Away() implements Step {
    }

    record Back() implements Step {
    }

    /** The centre goes away behind the running broker, which queues the claims for it. */
    record Silent() implements Step {
    }

    record Identify(Person who) implements Step {
    }

    record Purchase(Person who, int amount, boolean useAccount, boolean selfPayOnly, boolean pre) implements Step {
    }

    record Reverse(int pick) implements Step {
    }

    enum Jump { MINUTES, HOURS, HALF_DAY, TO_MIDNIGHT, SECOND_BEFORE_MIDNIGHT, TO_MAX_HOURS, PAST_MAX_HOURS, TO_BACKLOG_AGE, PAST_BACKLOG_AGE }

    record Advance(Jump jump) implements Step {
    }

    /** The run's terminal, its centre and the model. */
    private record Run(FlowRig rig, CentreRig centre, OfflineLimitsModel model, Instant end, List<String> outcomes) {
    }

    @Property(tries = 5, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerKeepsTheOfflineLimits(@ForAll("limits") Limits limits, @ForAll("runs") List<Step> steps) throws Exception {
        List<String> outcomes = run(limits, limits, steps);
        Statistics.label("runs").collect(outcomes.stream().filter(o -> o.startsWith("1")).distinct().sorted().toList());
    }

    /** Offline exactly max_hours settles (README), one second more only 全自费; the backlog drains when the centre is back. */
    @Example
    void theMaxHoursBoundary() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Identify(ZHANG), new Away(), new Advance(Jump.TO_MAX_HOURS),
                new Purchase(ZHANG, AT_LIMIT_310, false, false, false), new Purchase(ZHANG, 3, false, false, false),
                new Advance(Jump.PAST_MAX_HOURS), new Purchase(WANG, SMALL, false, false, false),
                new Purchase(WANG, SMALL, false, true, false), new Reverse(0), new Back(),
                new Purchase(ZHANG, 3, true, false, false)));
        assertEquals(List.of("settled offline", "1321", "1320", "settled offline", "settled online"), outcomes);
    }

    /**
     * The centre goes away behind the running broker: the terminal does not know, and settles
     * 100.01 of fund online (over the offline 100.00); the next 1101 goes unanswered (the cache,
     * 中心未及时应答), and from then on a purchase is held to the offline limits (1321 for 100.01,
     * a small one 脱机结算); the centre back, 100.01 settles online again and the claims queued in
     * the broker reach it.
     */
    @Example
    void aCentreSilentBehindTheBrokerIsOfflineFromTheFirstUnansweredPersonQuery() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Identify(ZHANG), new Silent(),
                new Purchase(ZHANG, 3, false, false, false), new Identify(ZHANG), new Purchase(ZHANG, 3, false, false, false),
                new Purchase(ZHANG, AT_LIMIT_310, false, false, false), new Back(), new Purchase(ZHANG, 3, false, false, false)));
        assertEquals(List.of("settled online", "1321", "settled offline", "settled online"), outcomes);
    }

    /**
     * Time offline counts from the 1101 that found the centre silent (5 h after the last answered
     * one), not from the broker lost 5 h later: 72 h after the silence still settles, one second
     * more is 1320 (counting from the broker's loss it would be 67 h, and settle).
     */
    @Example
    void timeOfflineCountsFromTheSilenceNotFromALaterLossOfTheBroker() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Identify(ZHANG), new Silent(), new Advance(Jump.HOURS),
                new Identify(LI), new Advance(Jump.HOURS), new Away(), new Advance(Jump.TO_MAX_HOURS),
                new Purchase(ZHANG, SMALL, false, false, false), new Advance(Jump.PAST_MAX_HOURS),
                new Purchase(ZHANG, SMALL, false, false, false), new Purchase(ZHANG, SMALL, false, true, false), new Back(),
                new Purchase(ZHANG, SMALL, false, false, false)));
        assertEquals(List.of("settled offline", "1320", "settled offline", "settled online"), outcomes);
    }

    /**
     * A centre gone silent that the terminal never asked was answering as far as it knows: the
     * broker lost 5 h later is the last contact, and max_hours counts from there.
     */
    @Example
    void aSilenceNotNoticedBeforeTheBrokerIsLostCountsFromTheLoss() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Identify(ZHANG), new Silent(), new Advance(Jump.HOURS), new Away(),
                new Identify(WANG), new Advance(Jump.TO_MAX_HOURS),
                new Purchase(ZHANG, SMALL, false, false, false), new Advance(Jump.PAST_MAX_HOURS),
                new Purchase(ZHANG, SMALL, false, false, false), new Back(), new Purchase(ZHANG, SMALL, false, false, false)));
        assertEquals(List.of("settled offline", "1320", "settled online"), outcomes);
    }

    /**
     * Time connected is not time offline: 83 h with the uplink connected and no person query (a
     * closed shop whose terminal stayed on), then the centre goes away, and the next purchase
     * settles offline; it was 1320 (已脱机 83 小时), counted from the last 1101 the centre answered.
     */
    @Example
    void aLongQuietSpellConnectedIsNotTimeOffline() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Identify(ZHANG), new Advance(Jump.TO_MAX_HOURS),
                new Advance(Jump.HALF_DAY), new Away(), new Purchase(ZHANG, AT_LIMIT_310, false, false, false)));
        assertEquals(List.of("settled offline"), outcomes);
    }

    /**
     * The Beijing day's offline fund, all persons: a third 100.00 on a 250.00 day is 1322 and so
     * is 69.99; a reversal frees its room; the next day starts at 0.
     */
    @Example
    void theDayLimitCountsTheSettlementsThatStand() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Away(),
                new Purchase(ZHANG, AT_LIMIT_310, false, false, false), new Purchase(WANG, AT_LIMIT_390, false, false, false),
                new Purchase(LI, AT_LIMIT_310, false, false, true), new Purchase(LI, 1, false, false, false),
                new Purchase(LI, SMALL, true, false, false), new Reverse(0),
                new Purchase(LI, AT_LIMIT_310, false, false, false), new Purchase(ZHANG, AT_LIMIT_310, false, false, false),
                new Advance(Jump.SECOND_BEFORE_MIDNIGHT), new Purchase(ZHANG, SMALL, false, false, false),
                new Advance(Jump.TO_MIDNIGHT), new Purchase(ZHANG, AT_LIMIT_310, false, false, false)));
        assertEquals(List.of("settled offline", "settled offline", "1322", "1322", "settled offline", "settled offline",
                "1322", "settled offline", "settled offline"), outcomes);
    }

    /** A full backlog (4 claims waiting) refuses fund-paying settlements, 1701, while self-pay and reversals go on. */
    @Example
    void aFullBacklogStillTakesSelfPay() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 4);
        List<String> outcomes = run(limits, limits, List.of(new Away(),
                new Purchase(WANG, SMALL, false, false, false), new Purchase(ZHANG, SMALL, true, false, false),
                new Purchase(LI, SMALL, false, false, false), new Purchase(ZHANG, SMALL, false, true, false),
                new Purchase(ZHANG, SMALL, false, false, false), new Purchase(ZHANG, SMALL, false, true, false),
                new Reverse(1), new Back(), new Purchase(ZHANG, SMALL, true, false, false)));
        assertEquals(List.of("settled offline", "settled offline", "settled offline", "settled offline", "1701",
                "settled offline", "settled online"), outcomes);
    }

    /**
     * A claim made as the centre went away is 72 h old exactly when the terminal has been offline
     * exactly max_hours (72): neither the policy nor the outbox's age limit (older than 72 h,
     * DESIGN.md) refuses then; one second later the policy's 1320 comes first; self-pay still settles.
     */
    @Example
    void theBacklogAgeLimitMeetsMaxHours() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Away(),
                new Purchase(WANG, SMALL, false, false, false), new Advance(Jump.TO_BACKLOG_AGE),
                new Purchase(ZHANG, SMALL, true, false, false), new Advance(Jump.PAST_BACKLOG_AGE),
                new Purchase(ZHANG, SMALL, true, false, false), new Purchase(ZHANG, SMALL, true, true, false), new Back(),
                new Purchase(ZHANG, SMALL, true, false, false)));
        assertEquals(List.of("settled offline", "settled offline", "1320", "settled offline", "settled online"), outcomes);
    }

    /**
     * The policy's offline limit bounds the backlog's age too (DESIGN.md: "older than the policy's
     * offline limit"), here shorter than the outbox's own 72 h: with {@code max_hours: 30} and the
     * centre gone behind the broker, a claim exactly 30 h unanswered holds nothing back, one second
     * older refuses fund payments 1703 while self-pay settles.
     */
    @Example
    void thePolicysShorterOfflineLimitBoundsTheBacklogsAge() throws Exception {
        Limits limits = new Limits(30, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Silent(),
                new Purchase(WANG, SMALL, false, false, false), new Advance(Jump.TO_BACKLOG_AGE),
                new Purchase(ZHANG, SMALL, true, false, false), new Advance(Jump.PAST_BACKLOG_AGE),
                new Purchase(ZHANG, SMALL, true, false, false), new Purchase(ZHANG, SMALL, true, true, false), new Back(),
                new Purchase(ZHANG, SMALL, true, false, false)));
        assertEquals(List.of("settled online", "settled online", "1703", "settled online", "settled online"), outcomes);
    }

    /**
     * The outbox's own age limit while the terminal still takes the centre for answering (gone
     * behind the broker, no question asked since): a claim exactly 72 h unanswered holds nothing
     * back, one second older refuses fund payments 1703 while self-pay settles.
     */
    @Example
    void theBacklogAgeLimitIsOlderThan72Hours() throws Exception {
        Limits limits = new Limits(72, 10_000, 25_000, 1_000);
        List<String> outcomes = run(limits, limits, List.of(new Silent(),
                new Purchase(WANG, SMALL, false, false, false), new Advance(Jump.TO_BACKLOG_AGE),
                new Purchase(ZHANG, SMALL, true, false, false), new Advance(Jump.PAST_BACKLOG_AGE),
                new Purchase(ZHANG, SMALL, true, false, false), new Purchase(ZHANG, SMALL, true, true, false), new Back(),
                new Purchase(ZHANG, SMALL, true, false, false)));
        assertEquals(List.of("settled online", "settled online", "1703", "settled online", "settled online"), outcomes);
    }

    /** The control: a model that states the per-settlement limit one fen lower than the policy's must fail the run. */
    @Example
    void aModelOneFenOffTheLimitIsCaught() {
        List<Step> steps = List.of(new Away(), new Purchase(OfflineLimitsModel.ZHANG, 2, false, false, false));
        AssertionError e = assertThrows(AssertionError.class,
                () -> run(new Limits(72, 10_000, 25_000, 1_000), new Limits(72, 9_999, 25_000, 1_000), steps));
        assertTrue(e.getMessage().contains("1321"), e.getMessage());
    }

    /** Runs {@code steps} on a terminal whose policy has {@code policyLimits}, checked against a model with {@code modelLimits}; the purchases' outcomes. */
    private static List<String> run(Limits policyLimits, Limits modelLimits, List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("offline-limits");
        Policy example = Fixtures.examplePolicy();
        Policy policy = new Policy(example.admdvs(), example.version(), example.effective(), example.accuGroups(),
                example.rules(), new OfflineLimits(policyLimits.maxHours(), policyLimits.perSettlement(), policyLimits.perDay(), true));
        try (CentreRig centre = new CentreRig(dir)) {
            FlowRig rig = new FlowRig(dir.resolve("t"), Optional.of(centre.broker.uri()),
                    OutboxPolicy.defaults().withCounts(policyLimits.backlogCount(), 1_000), FlowRig.KIOSK,
                    new HandClock(FlowRig.START), db -> new SimulatedPrinter(), Optional.of((d, db, o, c) -> date -> policy));
            try {
                OfflineLimitsModel model = new OfflineLimitsModel(modelLimits, FlowRig.START);
                Run run = new Run(rig, centre, model, FlowRig.START.plus(RUN_LENGTH), new ArrayList<>());
                for (Person p : OfflineLimitsModel.PEOPLE) {
                    ObjectNode record = record(p, model.figures.get(p.psnNo()));
                    rig.flows.persons().remember(PersonJson.parse(record), "", Json.write(record), rig.clock.instant());
                    centre.add(record);
                }
                awaitCentreAnswers(rig);
                for (Step step : steps) {
                    step(run, step);
                    agrees(run, step);
                }
                back(run); // everything settled or reversed while away reaches the centre
                agrees(run, new Back());
                return run.outcomes();
            } finally {
                rig.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void step(Run run, Step step) throws Exception {
        switch (step) {
            case Away s -> away(run);
            case Back s -> back(run);
            case Silent s -> silent(run);
            case Identify s -> identify(run, s.who());
            case Purchase s -> purchase(run, s);
            case Reverse s -> reverse(run, s.pick());
            case Advance s -> advance(run, s.jump());
        }
    }

    // ---- the centre --------------------------------------------------------------------------------

    /** The broker stops (the uplink drops before the step ends: the centre-lost action has run by then). */
    private static void away(Run run) {
        if (!run.model().brokerUp) return;
        run.centre().broker.stop();
        Eventually.await(Duration.ofSeconds(20), () -> !run.rig().uplink.connected(), () -> "broker loss not noticed");
        run.model().brokerStopped();
    }

    /** The centre goes away, the broker stays up: the terminal is told nothing. */
    private static void silent(Run run) {
        if (!run.model().centreAnswers()) return;
        run.centre().away();
        run.model().centreGone();
    }

    /** The broker runs again if stopped, the centre if away; the centre answers (the silence ends) and everything drains. */
    private static void back(Run run) throws Exception {
        OfflineLimitsModel model = run.model();
        if (model.centreAnswers()) return;
        if (!model.brokerUp) run.centre().broker.startAgain();
        if (!model.centreHere) run.centre().back();
        Eventually.await(Duration.ofSeconds(20), run.rig().uplink::connected, () -> "uplink did not reconnect");
        awaitCentreAnswers(run.rig());
        assertTrue(run.rig().uplink.centreAnswering(), "the centre answered, and is still taken for silent");
        model.allBack();
        drain(run);
    }

    /** Until every claim is acknowledged; then the centre's figures are the terminal's (as a real centre's would be). */
    private static void drain(Run run) throws Exception {
        Eventually.await(Duration.ofSeconds(20), () -> unackedClaims(run.rig()) == 0,
                () -> "claims still unacknowledged: " + unackedClaims(run.rig()));
        run.model().drained();
        assertEquals(run.model().claims, run.centre().claims.count(), "the centre stored every claim, once");
        for (Person p : OfflineLimitsModel.PEOPLE) run.centre().add(record(p, run.model().figures.get(p.psnNo())));
    }

    private static long unackedClaims(FlowRig rig) {
        try {
            return rig.scalar("SELECT count(*) FROM outbox_message WHERE state IN ('PENDING', 'SENT')");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the reference centre (reconnecting on its own) answers a person query through the rig's uplink. */
    private static void awaitCentreAnswers(FlowRig rig) {
        UplinkCentreLink link = new UplinkCentreLink(rig.uplink);
        byte[] query = "{\"certno\":\"\",\"psn_no\":\"\",\"mdtrt_cert_no\":\"\"}".getBytes(StandardCharsets.UTF_8);
        Eventually.await(Duration.ofSeconds(20), () -> link.ask("person", query, Duration.ofSeconds(2)).isPresent(),
                () -> "the centre does not answer");
    }

    /** The centre's 1101 output for {@code p} with figures {@code f}. */
    private static ObjectNode record(Person p, OfflineLimitsModel.Figures f) {
        ObjectNode r = FlowRig.employee();
        ((ObjectNode) r.get("baseinfo")).put("psn_no", p.psnNo()).put("certno", p.certno()).put("psn_name", p.name());
        ((ObjectNode) r.get("insuinfo").get(0)).put("balc", BigDecimal.valueOf(f.balance, 2)).put("insutype", p.insutype())
                .put("psn_type", p.psnType());
        ((ObjectNode) r.get("term_accuinfo").get(0)).put("dedc_used", BigDecimal.valueOf(f.accu.dedcUsed(), 2))
                .put("fund_paid", BigDecimal.valueOf(f.accu.fundPaid(), 2))
                .put("inscp_over_dedc", BigDecimal.valueOf(f.accu.inscpOverDedc(), 2));
        return r;
    }

    // ---- requests ----------------------------------------------------------------------------------

    private static void identify(Run run, Person who) throws Exception {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", who.certno());
        JsonNode answer = run.rig().call("1101", input);
        OfflineLimitsModel model = run.model();
        String fallback = model.personQueried();
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals(fallback.isEmpty() ? "online" : "cache", answer.at("/output/term_source").asText(), answer.toString());
        assertTrue(answer.path("warn_msg").asText().startsWith(fallback), "warn_msg starts " + fallback + ": " + answer);
        // a silence this 1101 found is recorded before it answers (the uplink tells it on the timer's thread)
        if (!model.online()) assertEquals(Optional.of(model.lastContact), lastContact(run.rig()), "last contact after " + who.name() + "'s 1101");
    }

    private static Optional<Instant> lastContact(FlowRig rig) {
        try {
            return rig.flows.persons().lastCentreContact();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void purchase(Run run, Purchase s) throws Exception {
        OfflineLimitsModel model = run.model();
        long fen = AMOUNTS[s.amount()];
        Expect expect = model.purchase(s.who(), fen, s.useAccount(), s.selfPayOnly());
        String what = s + " " + fen + " fen, online " + model.online() + " (broker up " + model.brokerUp + ", centre here "
                + model.centreHere + "), offline for "
                + Duration.between(model.lastContact, model.now) + ", day " + model.today() + " "
                + model.offlineFundByDay.getOrDefault(model.today(), 0L) + ", unacked " + model.unacked.size()
                + ", expected " + expect.refusal().orElse("fund " + expect.fund() + " acct " + expect.acct());
        long settlementsBefore = run.rig().scalar("SELECT count(*) FROM settlement");
        long claimsBefore = run.rig().scalar("SELECT count(*) FROM outbox_message");
        JsonNode answer = run.rig().call(s.pre() ? "2101" : "2102", input(s.who(), fen, s.useAccount(), s.selfPayOnly()));
        String outcome = expect.refusal().orElse(model.online() ? "settled online" : "settled offline");
        run.outcomes().add(outcome);
        Statistics.label("answers").collect(outcome);
        Statistics.label("purchases while").collect(!model.brokerUp ? "the broker is down"
                : model.silenceNoticed ? "the centre is found silent"
                : model.centreHere ? "the centre answers" : "the centre is away, not yet noticed");
        if (expect.refusal().isPresent()) {
            assertEquals(expect.refusal().get(), answer.path("term_errcode").asText("0"), what + ": " + answer);
            assertTrue(answer.path("err_msg").asText().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    "a refusal a cashier can read: " + answer);
        } else {
            assertEquals(0, answer.path("infcode").asInt(), what + ": " + answer);
            JsonNode setl = answer.at("/output/setlinfo");
            assertEquals(expect.fund(), fen(setl.path("fund_pay_sumamt")), what + ": " + answer);
            assertEquals(expect.acct(), fen(setl.path("acct_pay")), what + ": " + answer);
            assertEquals(!model.online(), answer.path("warn_msg").asText().contains("脱机结算"),
                    "脱机结算 exactly when settled while the centre is unreachable or found silent: " + what + ": " + answer);
            if (!s.pre()) {
                model.settled(s.who(), expect, s.selfPayOnly(), setl.path("setl_id").asText(), setl.path("mdtrt_id").asText());
                if (model.centreAnswers()) drain(run); // else its claim waits (in the broker, for a centre away behind it)
                return;
            }
        }
        assertEquals(settlementsBefore, run.rig().scalar("SELECT count(*) FROM settlement"), "nothing settled: " + what);
        assertEquals(claimsBefore, run.rig().scalar("SELECT count(*) FROM outbox_message"), "no claim: " + what);
    }

    private static ObjectNode input(Person who, long fen, boolean useAccount, boolean selfPayOnly) {
        String amount = BigDecimal.valueOf(fen, 2).toPlainString();
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode drug = input.putObject("druginfo").put("psn_no", who.psnNo()).put("mdtrt_cert_type", "02")
                .put("mdtrt_cert_no", who.certno()).put("insutype", who.insutype()).put("med_type", "41")
                .put("medfee_sumamt", amount).put("acct_used_flag", useAccount ? "1" : "0").put("psn_name", who.name());
        if (selfPayOnly) drug.put("term_selfpay_only", "1");
        input.putArray("drugdetail").addObject().put("feedetl_sn", "1").put("med_list_codg", Fixtures.JIA)
                .put("det_item_fee_sumamt", amount).put("cnt", "1").put("pric", amount);
        return input;
    }

    private static void reverse(Run run, int pick) throws Exception {
        OfflineLimitsModel model = run.model();
        if (model.standing.isEmpty()) return;
        OfflineLimitsModel.Settled s = model.standing.get(pick % model.standing.size());
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("setl_id", s.setlId()).put("mdtrt_id", s.mdtrtId()).put("psn_no", s.who().psnNo());
        JsonNode answer = run.rig().call("2103", input);
        assertEquals(0, answer.path("infcode").asInt(), s + ": " + answer);
        assertEquals(!model.online(), answer.path("warn_msg").asText().contains("脱机结算"), answer.toString());
        model.reversed(s);
        if (model.centreAnswers()) drain(run);
    }

    // ---- time --------------------------------------------------------------------------------------

    private static void advance(Run run, Jump jump) {
        OfflineLimitsModel model = run.model();
        Instant now = model.now;
        Instant maxHours = model.lastContact.plus(Duration.ofHours(model.limits.maxHours()));
        Instant midnight = model.today().plusDays(1).atStartOfDay(HandClock.SHANGHAI).toInstant();
        Instant to = switch (jump) {
            case MINUTES -> now.plus(Duration.ofMinutes(37));
            case HOURS -> now.plus(Duration.ofHours(5));
            case HALF_DAY -> now.plus(Duration.ofHours(11));
            case TO_MIDNIGHT -> midnight;
            case SECOND_BEFORE_MIDNIGHT -> midnight.minusSeconds(1);
            case TO_MAX_HOURS -> maxHours;
            case PAST_MAX_HOURS -> maxHours.plusSeconds(1);
            case TO_BACKLOG_AGE -> model.unacked.isEmpty() ? now : model.unacked.getFirst().plus(model.backlogMaxAge());
            case PAST_BACKLOG_AGE -> model.unacked.isEmpty() ? now
                    : model.unacked.getFirst().plus(model.backlogMaxAge()).plusSeconds(1);
        };
        if (!to.isAfter(now) || to.isAfter(run.end())) return;
        run.rig().clock.advance(Duration.between(now, to));
        run.rig().newShift();
        model.now = to;
    }

    // ---- after every step --------------------------------------------------------------------------

    private static void agrees(Run run, Step step) throws Exception {
        FlowRig rig = run.rig();
        OfflineLimitsModel model = run.model();
        assertEquals(model.now, rig.clock.instant());
        for (Person p : OfflineLimitsModel.PEOPLE) {
            OfflineLimitsModel.Figures f = model.figures.get(p.psnNo());
            assertEquals(f.balance, rig.flows.persons().balance(p.psnNo(), p.insutype()).orElse(-1), "balance of " + p.name() + " after " + step);
            assertEquals(f.accu.fundPaid(), rig.scalar("SELECT fund_paid FROM accumulator WHERE psn_no = '" + p.psnNo() + "'"),
                    "fund_paid of " + p.name() + " after " + step);
            assertEquals(f.accu.inscpOverDedc(), rig.scalar("SELECT inscp_over_dedc FROM accumulator WHERE psn_no = '" + p.psnNo() + "'"),
                    "inscp_over_dedc of " + p.name() + " after " + step);
        }
        assertEquals(model.online(), rig.uplink.centreAnswering(), "whether the terminal takes the centre for answering, after " + step);
        if (!model.centreAnswers()) assertEquals(model.unacked.size(), unackedClaims(rig), "claims waiting after " + step);
        // what max_hours counts from, while it counts (while online it is not read, and a timed-out ask of
        // awaitCentreAnswers, as the centre comes back, may have moved it)
        if (!model.online()) assertEquals(Optional.of(model.lastContact), lastContact(rig), "last contact after " + step);
        assertEquals(model.standing.size(), rig.scalar("SELECT count(*) FROM settlement WHERE state = 'SETTLED'"), "standing after " + step);
        assertEquals(0, rig.scalar("SELECT count(*) FROM settlement WHERE offline = 1 AND fund_pay_sumamt > "
                + model.limits.perSettlement()), "no offline settlement above the per-settlement limit");
        assertEquals(0, rig.scalar("""
                SELECT count(*) FROM (SELECT setl_date, SUM(fund_pay_sumamt) AS fund FROM settlement
                                       WHERE offline = 1 AND state = 'SETTLED' GROUP BY setl_date)
                 WHERE fund > %d""".formatted(model.limits.perDay())), "no Beijing day's offline fund payments above the limit");
    }

    private static long fen(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    // ---- runs --------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Limits> limits() {
        return Combinators.combine(Arbitraries.of(30, 72, 72), Arbitraries.of(15_000L, 25_000L), Arbitraries.of(4L, 7L, 1_000L))
                .as((hours, day, count) -> new Limits(hours, 10_000, day, count));
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Person> who = Arbitraries.of(OfflineLimitsModel.ZHANG, OfflineLimitsModel.ZHANG, OfflineLimitsModel.LI,
                OfflineLimitsModel.WANG);
        Arbitrary<Step> purchase = Combinators.combine(who, Arbitraries.frequency(Tuple.of(3, SMALL), Tuple.of(2, 1), Tuple.of(3, AT_LIMIT_310), Tuple.of(1, 3),
                        Tuple.of(3, AT_LIMIT_390), Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(1, 7)),
                Arbitraries.of(true, false), Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false))).as(Purchase::new);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new Away())),
                Tuple.of(2, Arbitraries.just(new Back())),
                Tuple.of(2, Arbitraries.just(new Silent())),
                Tuple.of(2, who.map(Identify::new)),
                Tuple.of(10, purchase),
                Tuple.of(2, Arbitraries.integers().between(0, 1_000).map(Reverse::new)),
                Tuple.of(5, Arbitraries.frequency(Tuple.of(4, Jump.MINUTES), Tuple.of(2, Jump.HOURS), Tuple.of(1, Jump.HALF_DAY),
                        Tuple.of(1, Jump.TO_MIDNIGHT), Tuple.of(1, Jump.SECOND_BEFORE_MIDNIGHT), Tuple.of(1, Jump.TO_MAX_HOURS),
                        Tuple.of(1, Jump.PAST_MAX_HOURS), Tuple.of(1, Jump.TO_BACKLOG_AGE), Tuple.of(1, Jump.PAST_BACKLOG_AGE)).map(Advance::new)));
        // most runs start with the centre going away after its first answers: the broker stopping, or
        // the centre behind it (found silent by a 1101 at once, or later)
        Arbitrary<List<Step>> start = Arbitraries.frequency(Tuple.of(2, List.<Step>of(new Away())),
                Tuple.of(1, List.<Step>of(new Silent())), Tuple.of(2, List.<Step>of(new Silent(), new Identify(OfflineLimitsModel.WANG))), Tuple.of(1, List.<Step>of()));
        return Combinators.combine(start, step.list().ofMinSize(20).ofMaxSize(32))
                .as((first, rest) -> Stream.concat(first.stream(), rest.stream()).toList());
    }
}
