package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.simulated.SimulatedCodeScanner;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.centre.CentreClaim;
import org.yibao.terminal.centre.ClaimReader;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.demo.DemoVoucherPlatform;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.identify.ScanInbox;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;
import org.yibao.terminal.operator.Credentials;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.Role;

/**
 * A running terminal for the end-to-end tests: {@link TerminalApp} (what {@code terminal run}
 * starts: SQLite, outbox, uplink, flows, the HTTP API) on the bundled demo policy, catalogue and
 * code map, with the simulated printer, indicators, 社保卡 reader and code scanner, the voucher
 * verifier trusting a platform key made for the test; a real Mosquitto broker (own process) and
 * the reference centre (persons from the bundled demo persons) behind it. The tests reach it
 * only through {@link #pos} over HTTP, the devices, the broker and the centre.
 */
final class E2eTerminal implements AutoCloseable {
    static final String ADMIN = "A001";
    static final String CASHIER = "C001";
    static final String TECHNICIAN = "T001";
    static final String PASSWORD = "e2e-password-1";
    static final String DEVICE = "E2E01";

    final Path dir;
    final Path files;
    final ShiftedClock clock = new ShiftedClock();
    final MosquittoBroker broker;
    final PersonDirectory persons;
    final SimulatedPrinter printer = new SimulatedPrinter();
    final SimulatedCardReader reader = new SimulatedCardReader(CardReaderConfig.of(CardReaderConfig.SIMULATED, ".*"));
    final SimulatedCodeScanner scanner =
            new SimulatedCodeScanner(ScannerConfig.of(ScannerConfig.SIMULATED, "", StandardCharsets.UTF_8, ""));
    final DemoVoucherPlatform platform = new DemoVoucherPlatform();
    private final SqliteReplayStore nonces;
    private ReferenceCentreService centre;
    final TerminalApp app;
    final HttpPos pos;
    private String cashierSignNo;

    E2eTerminal(Path dir) throws Exception {
        this.dir = dir;
        files = DemoFiles.copyTo(dir.resolve("files"));
        persons = PersonDirectory.load(files.resolve(DemoFiles.PERSONS));
        broker = MosquittoBroker.start(dir.resolve("broker"));
        SqliteReplayStore openedNonces = null;
        TerminalApp started = null;
        try {
            startCentre();
            Path trust = platform.writeTrust(files, clock.instant());
            openedNonces = SqliteReplayStore.open(java.nio.file.Files.createDirectories(dir.resolve("terminal")));
            ScanInbox inbox = new ScanInbox();
            scanner.open(inbox);
            FlowDevices devices = new FlowDevices(printer, new SimulatedIndicators(new ManualScheduler()),
                    Optional.of(new CardReadService(reader, new SocialSecurityCardReader())), Optional.of(inbox),
                    Optional.of(new Ybec1Verifier(TrustFileReader.read(trust), openedNonces, Ybec1Verifier.DEFAULT_SKEW)));
            TerminalConfig config = new TerminalConfig(DEVICE, new TerminalConfig.Institution(DemoSystem.FIXMEDINS_CODE,
                    DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV), dir.resolve("terminal"),
                    files.resolve(DemoFiles.POLICY), Optional.of(files.resolve(DemoFiles.CATALOG)),
                    Optional.of(files.resolve(DemoFiles.CODEMAP)), 0, new TerminalConfig.Centre.Mqtt(broker.uri()));
            started = TerminalApp.start(config, devices, clock,
                    new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), RandomGenerator.getDefault()),
                    Duration.ofSeconds(2));
            seedOperators(started.api().operators());
            TerminalApp running = started;
            Eventually.await(Duration.ofSeconds(30), running::online, () -> "the terminal's uplink did not connect");
        } catch (Exception | Error e) {
            if (started != null) started.close();
            if (openedNonces != null) openedNonces.close();
            if (centre != null) centre.close();
            broker.close();
            throw e;
        }
        nonces = openedNonces;
        app = started;
        pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS);
    }

    /** The first admin (password changed), a cashier and a technician, all with {@link #PASSWORD}. */
    static void seedOperators(Operators operators) throws SQLException {
        char[] initial = "initial-pass-1".toCharArray();
        done(operators.addFirstAdmin(new NewOperator(ADMIN, "管理员", Role.ADMIN, true), initial));
        done(operators.changePassword(new Credentials(ADMIN, initial), PASSWORD.toCharArray()));
        Credentials admin = new Credentials(ADMIN, PASSWORD.toCharArray());
        done(operators.add(admin, new NewOperator(CASHIER, "收款员", Role.CASHIER, false), PASSWORD.toCharArray()));
        done(operators.add(admin, new NewOperator(TECHNICIAN, "技术员", Role.TECHNICIAN, false), PASSWORD.toCharArray()));
    }

    private static void done(OperatorOutcome<?> outcome) {
        if (outcome instanceof OperatorOutcome.Refused<?> refused) throw new IllegalStateException(refused.refusal().toString());
    }

    void startCentre() throws Exception {
        centre = ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"), persons, "c1",
                java.time.Clock.systemUTC());
    }

    void stopCentre() {
        centre.close();
        centre = null;
    }

    ReferenceCentreService centre() {
        return centre;
    }

    /** The cashier's sign_no (signs in on first use, and again after {@link #newShift()}). */
    String cashier() throws Exception {
        if (cashierSignNo == null) cashierSignNo = pos.signIn(CASHIER, PASSWORD);
        return cashierSignNo;
    }

    void newShift() {
        cashierSignNo = null;
    }

    /** The cashier's envelope for {@code infno} with a fresh msgid. */
    ObjectNode envelope(String infno, JsonNode input) throws Exception {
        return pos.envelope(infno, pos.nextMsgid(), CASHIER, cashier(), "1", input);
    }

    /** Sends {@code infno} as the cashier at the counter and returns the parsed answer. */
    JsonNode call(String infno, JsonNode input) throws Exception {
        return HttpPos.parse(pos.post(envelope(infno, input)));
    }

    /** Settlement claims the centre accepted, by setl_id (a setl_id twice would show as two entries). */
    List<String> acceptedSettlements() throws SQLException {
        return acceptedOf(CentreClaim.Kind.SETTLEMENT);
    }

    List<String> acceptedReversals() throws SQLException {
        return acceptedOf(CentreClaim.Kind.REVERSAL);
    }

    private List<String> acceptedOf(CentreClaim.Kind kind) throws SQLException {
        return centre.store().all().stream().filter(c -> "ACCEPTED".equals(c.status()))
                .map(c -> ClaimReader.read(c.type(), c.payload())).flatMap(Optional::stream)
                .filter(c -> c.kind() == kind).map(CentreClaim::setlId).sorted().toList();
    }

    /** One number from the terminal's database, read on a separate read-only connection as an auditor would. */
    long terminalScalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dir.resolve("terminal").resolve("terminal.db")
                + "?mode=ro"); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The receipts printed so far (they print after their answers: this waits for the queued ones), decoded from their ESC/POS bytes. */
    List<String> receipts() throws InterruptedException {
        if (!app.flows().awaitReceipts(java.time.Duration.ofSeconds(10))) throw new AssertionError("receipts still printing after 10 s");
        return printer.printed().stream().map(b -> EscPosDecoder.decode(b).transcript()).toList();
    }

    static void ok(JsonNode answer) {
        assertEquals(0, answer.path("infcode").asInt(-1), answer.toString());
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            try {
                scanner.close();
                reader.close();
                nonces.close();
                if (centre != null) centre.close();
            } finally {
                broker.close();
            }
        }
    }

}
