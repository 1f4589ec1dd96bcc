package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;
import org.yibao.drivers.printer.ReceiptPrinter;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.http.LocalApi;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.flow.identify.ScanInbox;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * The terminal as `terminal run` assembles it, on a real SQLite file in a temp folder: the local
 * API (operators, sessions, msgid store), the outbox, the flows with the simulated printer,
 * indicators, card reader and scanner, the voucher verifier on a real replay store, and the
 * given link to the centre. Requests go through the real {@code CallService}.
 */
final class FlowRig implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** 2027-01-15 (Shanghai), the voucher fixtures' time. */
    static final Instant START = Instant.ofEpochSecond(VoucherFixtures.NOW);
    static final String DEVICE = "T-0001";
    static final String PSN = "37150000000000000001";
    static final String CERTNO = "371502198801011234";
    /** The employee's 社会保障卡 number, as a card read in 1101 would have stored it. */
    static final String CARD = "D37150201";

    final Path dir;
    final HandClock clock;
    final SqliteDatabase db;
    final LocalApi api;
    final Outbox outbox;
    final TerminalFlows flows;
    /** The catalogue the flows price with (closed with the rig when it holds a connection). */
    private final Catalog catalog;
    final ReceiptPrinter printer;
    Uplink uplink;
    final ManualScheduler scheduler = new ManualScheduler();
    final SimulatedIndicators indicators = new SimulatedIndicators(scheduler);
    final SimulatedCardReader reader = new SimulatedCardReader(CardReaderConfig.of(CardReaderConfig.SIMULATED, ".*"));
    final ScanInbox scans = new ScanInbox();
    final SqliteReplayStore replay;
    /** The voucher trust file in use (the tests' standard one); a test may swap it as a trust or revocation update would. */
    final java.util.concurrent.atomic.AtomicReference<org.yibao.terminal.identity.trust.TrustFile> trust =
            new java.util.concurrent.atomic.AtomicReference<>(VoucherFixtures.standardTrust());
    /** The policy in use, as a running terminal's fleet service gives it (read once per settlement). */
    final SwitchingPolicies policies = new SwitchingPolicies(Fixtures.examplePolicy());
    private final AtomicInteger seq = new AtomicInteger(100);
    private String cashierSignNo;
    private String adminSignNo;

    /** Opens the catalogue the flows price with, on the rig's database and clock (the fixtures' list by default). */
    @FunctionalInterface
    interface CatalogWiring {
        Catalog open(SqliteDatabase db, HandClock clock) throws SQLException;
    }

    private static final CatalogWiring FIXTURE_CATALOG = (db, clock) -> Fixtures.catalog();

    /** Opens the policy source the flows read, on the rig's folder, database, outbox and clock. */
    @FunctionalInterface
    interface PolicyWiring {
        PolicySource open(Path dir, SqliteDatabase db, Outbox outbox, HandClock clock) throws SQLException;
    }

    FlowRig(Path dir, Optional<String> brokerUri, OutboxPolicy outboxPolicy, FlowSettings.KioskLimits kiosk,
            HandClock clock, Function<SqliteDatabase, ReceiptPrinter> printerFor) throws SQLException {
        this(dir, brokerUri, outboxPolicy, kiosk, clock, printerFor, Optional.empty());
    }

    /** As above; with {@code wiring}, the flows read the policy from what it opens instead of {@link #policies}. */
    FlowRig(Path dir, Optional<String> brokerUri, OutboxPolicy outboxPolicy, FlowSettings.KioskLimits kiosk,
            HandClock clock, Function<SqliteDatabase, ReceiptPrinter> printerFor, Optional<PolicyWiring> wiring)
            throws SQLException {
        this(dir, brokerUri, outboxPolicy, new Setup(kiosk, FlowSettings.Mode.COUNTER, Duration.ofSeconds(3), true), clock,
                printerFor, wiring);
    }

    /**
     * The kiosk's limits, what the terminal is ({@code mode}), how long 1101 waits for the centre
     * ({@code centreTimeout}) and whether opening waits for the uplink to connect and the centre
     * to answer the connect's ping (a terminal restarted while the broker is down, or the centre
     * away behind it, does not).
     */
    record Setup(FlowSettings.KioskLimits kiosk, FlowSettings.Mode mode, Duration centreTimeout, boolean awaitUplink,
                 String hospLv) {
        /** A pharmacy (hosp_lv "pharmacy"). */
        Setup(FlowSettings.KioskLimits kiosk, FlowSettings.Mode mode, Duration centreTimeout, boolean awaitUplink) {
            this(kiosk, mode, centreTimeout, awaitUplink, "pharmacy");
        }
    }

    /** A terminal on {@code brokerUri} (the uplink left to connect on its own unless the setup says to wait for it). */
    static FlowRig withCentre(Path dir, String brokerUri, Setup setup) throws SQLException {
        return new FlowRig(dir, Optional.of(brokerUri), OutboxPolicy.defaults(), setup, new HandClock(START),
                db -> new SimulatedPrinter(), Optional.empty());
    }

    private FlowRig(Path dir, Optional<String> brokerUri, OutboxPolicy outboxPolicy, Setup setup,
            HandClock clock, Function<SqliteDatabase, ReceiptPrinter> printerFor, Optional<PolicyWiring> wiring)
            throws SQLException {
        this(dir, brokerUri, outboxPolicy, setup, clock, printerFor, wiring, Optional.empty(), UnaryOperator.identity(),
                FIXTURE_CATALOG);
    }

    /** A terminal whose centre cannot be reached, reading cards on {@code cardReader} (a real PC/SC reader) instead of {@link #reader}. */
    static FlowRig offline(Path dir, CardReaderPort cardReader) throws SQLException {
        return new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(),
                new Setup(KIOSK, FlowSettings.Mode.COUNTER, Duration.ofSeconds(3), true), new HandClock(START),
                db -> new SimulatedPrinter(), Optional.empty(), Optional.of(cardReader), UnaryOperator.identity(), FIXTURE_CATALOG);
    }

    /** A terminal whose centre cannot be reached, pricing with the catalogue {@code catalogs} opens. */
    static FlowRig offline(Path dir, CatalogWiring catalogs) throws SQLException {
        return new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(),
                new Setup(KIOSK, FlowSettings.Mode.COUNTER, Duration.ofSeconds(3), true), new HandClock(START),
                db -> new SimulatedPrinter(), Optional.empty(), Optional.empty(), UnaryOperator.identity(), catalogs);
    }

    private FlowRig(Path dir, Optional<String> brokerUri, OutboxPolicy outboxPolicy, Setup setup,
            HandClock clock, Function<SqliteDatabase, ReceiptPrinter> printerFor, Optional<PolicyWiring> wiring,
            Optional<CardReaderPort> cardReader, UnaryOperator<CentreLink> link, CatalogWiring catalogs) throws SQLException {
        this.dir = dir;
        this.clock = clock;
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.db = SqliteDatabase.open(dir.resolve("terminal.db"));
        this.api = LocalApi.assemble(Envelopes.FIXMEDINS, db, OperatorFixtures.HASHER, LockoutPolicy.DEFAULT, Duration.ofHours(8),
                clock, () -> "");
        if (api.operators().isEmpty()) OperatorFixtures.seed(api.operators());
        this.outbox = Outbox.open(db, DEVICE, outboxPolicy, clock);
        this.replay = SqliteReplayStore.open(dir.resolve("voucher"));
        this.printer = printerFor.apply(db);
        CentreLink centre = CentreLink.NONE;
        if (brokerUri.isPresent()) {
            // one heartbeat, at connect: a centre found silent only by the steps of a test (a person
            // query unanswered), never by a ping at some moment of the wall clock
            uplink = Uplink.start(outbox, UplinkConfig.of(brokerUri.get(), new Topics("371500", Envelopes.FIXMEDINS, DEVICE))
                            .withHeartbeat(Duration.ofHours(1)),
                    Clock.systemUTC(), new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(400),
                            RandomGenerator.of("L64X128MixRandom")), payload -> { });
            if (setup.awaitUplink()) {
                Eventually.await(Duration.ofSeconds(20), uplink::connected, () -> "uplink did not connect");
                // the connect's ping: a centre not heard since the connect is not taken for answering
                Eventually.await(Duration.ofSeconds(20), uplink::centreAnswering, () -> "the centre did not answer the connect's ping");
            }
            centre = link.apply(new UplinkCentreLink(uplink));
        }
        FlowDevices devices = new FlowDevices(printer, indicators,
                Optional.of(new CardReadService(cardReader.orElse(reader), new SocialSecurityCardReader())), Optional.of(scans),
                Optional.of(new Ybec1Verifier(trust::get, replay, Ybec1Verifier.DEFAULT_SKEW)));
        FlowSettings settings = new FlowSettings(Envelopes.FIXMEDINS, "测试大药房", "371500", setup.hospLv(), DEVICE, setup.kiosk(),
                setup.mode(), setup.centreTimeout(), Duration.ofSeconds(10), PaperWidth.MM80, clock);
        PolicySource source = wiring.isPresent() ? wiring.get().open(dir, db, outbox, clock) : policies;
        this.catalog = catalogs.open(db, clock);
        this.flows = TerminalFlows.open(db, source, catalog, Fixtures.codeMap(), devices,
                outbox, centre, settings);
        flows.registerInto(api.handlers());
    }

    /** A terminal whose centre cannot be reached (no uplink at all). */
    static FlowRig offline(Path dir) throws SQLException {
        return new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), KIOSK, new HandClock(START), db -> new SimulatedPrinter());
    }

    /** A terminal whose centre cannot be reached, on {@code clock}, reading its policy from what {@code wiring} opens. */
    static FlowRig offline(Path dir, HandClock clock, PolicyWiring wiring) throws SQLException {
        return new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), KIOSK, clock, db -> new SimulatedPrinter(),
                Optional.of(wiring));
    }

    /**
     * A terminal of level {@code hospLv} ("1", "2", "3" or "pharmacy") whose centre cannot be
     * reached, on {@code clock}, reading its policy from what {@code wiring} opens.
     */
    static FlowRig offline(Path dir, HandClock clock, String hospLv, PolicyWiring wiring) throws SQLException {
        return new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(),
                new Setup(KIOSK, FlowSettings.Mode.COUNTER, Duration.ofSeconds(3), true, hospLv), clock,
                db -> new SimulatedPrinter(), Optional.of(wiring));
    }

    /** A terminal connected to the broker of {@code centre}. */
    static FlowRig online(Path dir, CentreRig centre) throws SQLException {
        return new FlowRig(dir, Optional.of(centre.broker.uri()), OutboxPolicy.defaults(), KIOSK, new HandClock(START),
                db -> new SimulatedPrinter());
    }

    /** As {@link #online(Path, CentreRig)}, the flows asking the centre through what {@code link} makes of the uplink's link. */
    static FlowRig online(Path dir, CentreRig centre, UnaryOperator<CentreLink> link) throws SQLException {
        return new FlowRig(dir, Optional.of(centre.broker.uri()), OutboxPolicy.defaults(),
                new Setup(KIOSK, FlowSettings.Mode.COUNTER, Duration.ofSeconds(3), true), new HandClock(START),
                db -> new SimulatedPrinter(), Optional.empty(), Optional.empty(), link, FIXTURE_CATALOG);
    }

    static final FlowSettings.KioskLimits KIOSK = new FlowSettings.KioskLimits(20_000, false);

    /**
     * The terminal of {@code dir} started again on {@code clock} against {@code brokerUri}, not
     * waiting for the uplink (a terminal restarted while the broker is down).
     */
    static FlowRig restarted(Path dir, String brokerUri, HandClock clock) throws SQLException {
        return new FlowRig(dir, Optional.of(brokerUri), OutboxPolicy.defaults(),
                new Setup(KIOSK, FlowSettings.Mode.COUNTER, Duration.ofSeconds(3), false), clock,
                db -> new SimulatedPrinter(), Optional.empty());
    }


    SimulatedPrinter simulatedPrinter() {
        return (SimulatedPrinter) printer;
    }

    /** The person's 1101 output as the centre answers it: employee 310/11, balance 1000.00, deductible met. */
    static ObjectNode employee() {
        return (ObjectNode) Json.parse("""
                {"baseinfo": {"psn_no": "%s", "psn_cert_type": "01", "certno": "%s", "psn_name": "张三",
                              "gend": "1", "naty": "01", "brdy": "1988-01-01", "age": 39},
                 "insuinfo": [{"balc": 1000.00, "insutype": "310", "psn_type": "11", "psn_insu_stas": "1",
                               "insuplc_admdvs": "371500"}],
                 "idetinfo": [],
                 "term_accuinfo": [{"year": 2027, "accu_group": "outpatient", "dedc_used": 200.00, "fund_paid": 0,
                                    "inscp_over_dedc": 0}],
                 "term_opspinfo": [{"opsp_dise_code": "M03900", "opsp_dise_name": "高血压", "begndate": "2026-01-01"}]}
                """.formatted(PSN, CERTNO), "person");
    }

    /** Caches {@code person} as if the centre had answered it at the rig's clock time. */
    void seed(ObjectNode person) throws SQLException {
        flows.persons().remember(PersonJson.parse(person), CARD, Json.write(person), clock.instant());
    }

    /** Records that the centre answered at the rig's clock time (an offline period starts now). */
    void centreAnsweredNow() throws SQLException {
        flows.persons().touchCentre(clock.instant());
    }

    /** Moves the msgid sequence on by {@code n}: a rig reopened on the same folder must not resend the last one's msgids. */
    void skipMsgids(int n) {
        seq.addAndGet(n);
    }

    String nextMsgid() {
        return Envelopes.FIXMEDINS + "20270115090000" + String.format("%04d", seq.incrementAndGet());
    }

    /** Sends {@code infno} with {@code input} as the cashier at the counter (opter_type 1). */
    JsonNode call(String infno, ObjectNode input) throws Exception {
        return call(infno, nextMsgid(), "1", input);
    }

    JsonNode call(String infno, String msgid, String opterType, ObjectNode input) throws Exception {
        ObjectNode env = envelope(infno, msgid, input);
        env.put("opter_type", opterType);
        return Json.parse(raw(env), "answer");
    }

    /**
     * The envelope {@link #call} would send, for tests that resend the very same bytes: as the
     * admin for 3201 and the terminal's own calls, else as the cashier.
     */
    ObjectNode envelope(String infno, String msgid, ObjectNode input) throws Exception {
        boolean admin = infno.equals("3201") || infno.startsWith("term_");
        ObjectNode env = Envelopes.envelope(infno, msgid, admin ? OperatorFixtures.ADMIN : OperatorFixtures.CASHIER,
                admin ? adminSignNo() : cashierSignNo());
        env.set("input", input);
        return env;
    }

    /** Sends a cashier's {@code infno} and returns its answer as soon as it comes, receipts still printing. */
    JsonNode callNotWaitingForReceipts(String infno, ObjectNode input) throws Exception {
        return Json.parse(api.service().call(envelope(infno, nextMsgid(), input).toString().getBytes(StandardCharsets.UTF_8)),
                "answer");
    }

    /** The answer's text, once the receipts it queued have printed (they print after the answer). */
    String raw(ObjectNode envelope) {
        String answer = api.service().call(envelope.toString().getBytes(StandardCharsets.UTF_8));
        try {
            if (!flows.awaitReceipts(Duration.ofSeconds(10))) throw new AssertionError("receipts still printing after 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while receipts printed", e);
        }
        return answer;
    }

    /** Forgets the sign-ins (after the clock moved past the session's life): the next call signs in again. */
    void newShift() {
        cashierSignNo = null;
        adminSignNo = null;
    }

    /** The cashier's sign_no, signing in when there is none (after {@link #newShift}, a new one). */
    String cashierSession() throws Exception {
        return cashierSignNo();
    }

    /** The admin's sign_no, signing in when there is none. */
    String adminSession() throws Exception {
        return adminSignNo();
    }

    private String cashierSignNo() throws Exception {
        if (cashierSignNo == null) cashierSignNo = signIn(OperatorFixtures.CASHIER, OperatorFixtures.CASHIER_PASSWORD);
        return cashierSignNo;
    }

    private String adminSignNo() throws Exception {
        if (adminSignNo == null) adminSignNo = signIn(OperatorFixtures.ADMIN, OperatorFixtures.ADMIN_PASSWORD);
        return adminSignNo;
    }

    private String signIn(String opter, String password) throws Exception {
        ObjectNode env = Envelopes.envelope("9001", nextMsgid(), opter, "");
        env.putObject("input").putObject("signIn").put("opter_no", opter).put("term_password", password);
        JsonNode answer = Json.parse(raw(env), "answer");
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        return answer.at("/output/signinoutb/sign_no").asText();
    }

    /** 2101/2102 input: one 甲类 line of 2 × 50.00 for the employee, account used unless {@code noAccount}. */
    static ObjectNode purchase(String pric, String cnt, String amount, boolean useAccount) {
        ObjectNode input = JSON.createObjectNode();
        input.putObject("druginfo").put("psn_no", PSN).put("mdtrt_cert_type", "02").put("mdtrt_cert_no", CERTNO)
                .put("insutype", "310").put("med_type", "41").put("medfee_sumamt", amount)
                .put("acct_used_flag", useAccount ? "1" : "0").put("psn_name", "张三");
        input.putArray("drugdetail").addObject().put("feedetl_sn", "1").put("med_list_codg", Fixtures.JIA)
                .put("det_item_fee_sumamt", amount).put("cnt", cnt).put("pric", pric);
        return input;
    }

    /** 2103 / 2208 input reversing settlement {@code setlId} of {@code mdtrtId}, for {@link #PSN}. */
    static ObjectNode reversalOf(String setlId, String mdtrtId) {
        return reversalOf(setlId, mdtrtId, PSN);
    }

    /** 2103 / 2208 input: {@code data} with setl_id, mdtrt_id and psn_no. */
    static ObjectNode reversalOf(String setlId, String mdtrtId, String psnNo) {
        ObjectNode input = JSON.createObjectNode();
        input.putObject("data").put("setl_id", setlId).put("mdtrt_id", mdtrtId).put("psn_no", psnNo);
        return input;
    }

    /** 2103 / 2208 input reversing the settlement that {@code settled} (a 2102 / 2207 answer) made, for {@link #PSN}. */
    static ObjectNode reversalOf(JsonNode settled) {
        return reversalOf(settled, PSN);
    }

    /** 2103 / 2208 input reversing the settlement that {@code settled} (a 2102 / 2207 answer) made, for {@code psnNo}. */
    static ObjectNode reversalOf(JsonNode settled, String psnNo) {
        return reversalOf(settled.at("/output/setlinfo/setl_id").asText(), settled.at("/output/setlinfo/mdtrt_id").asText(), psnNo);
    }

    String text(String sql) throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getString(1);
            }
        });
    }

    long scalar(String sql) throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        flows.close();
        if (uplink != null) uplink.close();
        replay.close();
        indicators.close();
        if (catalog instanceof AutoCloseable reader) {
            try {
                reader.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the catalogue", e);
            }
        }
        db.close();
    }
}
