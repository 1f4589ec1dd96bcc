package org.yibao.terminal.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHash;
import org.yibao.terminal.operator.Role;

/**
 * Everything the demo runs, in one process: the embedded MQTT v5 broker and the reference centre
 * (unless an external broker is given, then the centre behind it is used), the simulated
 * printer, indicators, card reader and code scanner, the demo's voucher platform (a key made
 * at start, trusted by the terminal through a trust file in the data folder), a data folder with
 * the bundled policy, catalogue, code map and persons, the terminal service, and the demo
 * operator {@value #OPERATOR} / {@value #PASSWORD}.
 * {@link #close()} stops them in reverse order and deletes a temporary data folder: nothing is
 * left running or on disk.
 */
public final class DemoSystem implements AutoCloseable {
    public static final String FIXMEDINS_CODE = "H00000000001";
    public static final String FIXMEDINS_NAME = "演示药店";
    public static final String ADMDVS = "371502";
    public static final String HOSP_LV = "pharmacy";
    public static final String DEVICE_ID = "DEMO01";
    public static final String OPERATOR = "0001";
    public static final String PASSWORD = "demo-0001";
    /**
     * {@link #PASSWORD}'s PBKDF2 hash (310,000 rounds), made once with {@code PasswordHasher}:
     * the password is public, so a fixed salt hides nothing, and the demo starts without
     * deriving it (about a second of CPU on a small device, while its API is already answering).
     */
    static final String PASSWORD_HASH = "pbkdf2-sha256$310000$TvLgaSRq3oyh4fCmCR/JTA$q7Y2i7ms/DJUCqHJizjZDFe1IYZZz4C3a2+0+KCbqvI";

    /** The demo's broker comes back within seconds: reconnect quickly (capped at 1 s) so the catch-up shows at once. */
    private static final org.yibao.outbox.uplink.Backoff DEMO_BACKOFF = new org.yibao.outbox.uplink.FullJitterBackoff(
            java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1), java.util.random.RandomGenerator.getDefault());
    /** A claim the embedded centre has not answered is published again after this long. */
    private static final java.time.Duration EMBEDDED_ACK_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final Path dir;
    private final boolean temporary;
    private final EmbeddedBroker broker;
    private final ReferenceCentreService centre;
    private final DemoDevices devices;
    private final TerminalApp app;
    private boolean closed;

    private DemoSystem(Path dir, boolean temporary, EmbeddedBroker broker, ReferenceCentreService centre,
                       DemoDevices devices, TerminalApp app) {
        this.dir = dir;
        this.temporary = temporary;
        this.broker = broker;
        this.centre = centre;
        this.devices = devices;
        this.app = app;
    }

    /**
     * Starts the demo in {@code dataDir} (a fresh temporary folder when empty) with the API on
     * {@code apiPort} (0 = any free port) and, when {@code externalBroker} is given, that broker
     * instead of the embedded one and its centre. The terminal (whose uplink connects by itself)
     * starts first, so its API answers seconds sooner; then the embedded broker and the centre
     * start on another thread while the demo operator is seeded. This returns once all of them
     * run and the uplink is connected.
     */
    public static DemoSystem start(Optional<Path> dataDir, int apiPort, Optional<String> externalBroker, Clock clock)
            throws IOException, SQLException, MqttException {
        Path dir = dataDir.isPresent() ? demoFolder(dataDir.get()) : Files.createTempDirectory("yibao-demo-");
        CompletableFuture<Centre> centreStarting = CompletableFuture.completedFuture(null);
        TerminalApp app = null;
        DemoDevices devices = null;
        try {
            Path files = DemoFiles.copyTo(dir.resolve("files"));
            int port = externalBroker.isPresent() ? 0 : LoopbackPorts.free();
            String uri = externalBroker.orElse("tcp://127.0.0.1:" + port);
            devices = DemoDevices.open(files, dir.resolve("terminal"), clock);
            TerminalConfig config = new TerminalConfig(DEVICE_ID,
                    new TerminalConfig.Institution(FIXMEDINS_CODE, FIXMEDINS_NAME, ADMDVS, HOSP_LV), dir.resolve("terminal"),
                    files.resolve(DemoFiles.POLICY), Optional.of(files.resolve(DemoFiles.CATALOG)),
                    Optional.of(files.resolve(DemoFiles.CODEMAP)), apiPort, new TerminalConfig.Centre.Mqtt(uri));
            // the embedded centre answers in milliseconds, so the narrated backlog drains at once; a centre
            // behind --broker is someone else's and gets the field's ack timeout (5 min), or a slow or absent one
            // would see every claim published again every 2 s until it needs attention
            java.time.Duration ackTimeout = externalBroker.isEmpty() ? EMBEDDED_ACK_TIMEOUT : TerminalApp.FIELD_ACK_TIMEOUT;
            app = TerminalApp.start(config, devices.flowDevices(), clock, DEMO_BACKOFF, ackTimeout);
            if (externalBroker.isEmpty()) {
                centreStarting = CompletableFuture.supplyAsync(() -> Centre.start(dir, port, files, clock),
                        runnable -> Thread.ofPlatform().name("demo-broker-start").start(runnable));
            }
            seedOperator(app.api().operators());
            Centre centre = joined(centreStarting);
            if (centre != null) awaitOnline(app);
            return new DemoSystem(dir, dataDir.isEmpty(), centre == null ? null : centre.broker(),
                    centre == null ? null : centre.service(), devices, app);
        } catch (IOException | SQLException | RuntimeException e) {
            if (app != null) app.close();
            if (devices != null) devices.close();
            Centre centre = centreStarting.exceptionally(failed -> null).join();
            if (centre != null) centre.close();
            if (dataDir.isEmpty()) deleteTree(dir);
            throw e;
        }
    }

    /** The file that marks a folder as a demo's data folder: {@code --data-dir} uses only such a folder, or an empty one. */
    static final String MARKER = "yibao-demo.txt";

    /**
     * {@code dir} made (or found empty, or a demo's data folder, marked by {@link #MARKER}, or by
     * {@code files/persons.json}, which only a demo writes) and marked; a {@code logs} folder alone
     * counts as empty. Any other folder is refused
     * (1968) untouched: the demo would overwrite its {@code files/} and settle into its
     * {@code terminal/terminal.db}.
     */
    private static Path demoFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER))
                && !Files.exists(dir.resolve("files").resolve(DemoFiles.PERSONS))) {
            try (Stream<Path> entries = Files.list(dir)) {
                // logs/: the log folder the packaged logging (-Dyibao.log.dir=DIR/logs) made as the JVM started
                if (entries.anyMatch(p -> !p.getFileName().toString().equals("logs"))) {
                    throw new org.yibao.terminal.domain.RefusedException(
                            org.yibao.terminal.store.DatabaseFileReason.NOT_A_DEMO_FOLDER, dir.toString());
                }
            }
        }
        Files.createDirectories(dir);
        Path marker = dir.resolve(MARKER);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "terminal demo --serve 的数据目录（演示用，可删除）\n", java.nio.charset.StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** The embedded broker and the reference centre behind it. */
    private record Centre(EmbeddedBroker broker, ReferenceCentreService service) {
        static Centre start(Path dir, int port, Path files, Clock clock) {
            EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), port);
            try {
                return new Centre(broker, ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"),
                        PersonDirectory.load(files.resolve(DemoFiles.PERSONS)), "demo", clock));
            } catch (IOException | SQLException | MqttException | RuntimeException e) {
                broker.close();
                throw new CompletionException(e);
            }
        }

        void close() {
            try {
                service.close();
            } finally {
                broker.close();
            }
        }
    }

    private static Centre joined(CompletableFuture<Centre> starting) throws IOException, SQLException {
        try {
            return starting.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompletionException nested && nested.getCause() != null) cause = nested.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof SQLException sql) throw sql;
            if (cause instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException("the demo's broker or centre did not start", cause);
        }
    }

    /**
     * The uplink connects by itself (backoff capped at 1 s) and pings the centre at once; the scenario,
     * and a host that waits for {@code demo --serve}'s start line, need the centre answering from their
     * first step (a demo person's 1101 before it is 1350, a purchase settles offline).
     */
    private static void awaitOnline(TerminalApp app) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!app.centreAnswering() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the demo's uplink connected", e);
            }
        }
        if (!app.centreAnswering()) {
            throw new IllegalStateException("the demo's reference centre did not answer over the embedded broker within 30 s");
        }
    }

    /** Operator 0001 (admin, so the demo may run every transaction) with the demo password, once. */
    private static void seedOperator(Operators operators) throws SQLException {
        if (!operators.isEmpty()) return;
        OperatorOutcome<?> added = operators.addFirstAdmin(new NewOperator(OPERATOR, "演示收款员", Role.ADMIN, false),
                PasswordHash.decode(PASSWORD_HASH));
        if (added instanceof OperatorOutcome.Refused<?> refused) {
            throw new IllegalStateException("demo operator refused: " + refused.refusal());
        }
    }

    public TerminalApp app() {
        return app;
    }

    public SimulatedPrinter printer() {
        return devices.printer();
    }

    /** The simulated reader, scanner and voucher platform the scenario uses. */
    public DemoDevices devices() {
        return devices;
    }

    /** The embedded broker, absent with an external one. */
    public Optional<EmbeddedBroker> broker() {
        return Optional.ofNullable(broker);
    }

    /** The in-process reference centre, absent with an external broker. */
    public Optional<ReferenceCentreService> centre() {
        return Optional.ofNullable(centre);
    }

    public Path dataDir() {
        return dir;
    }

    /**
     * Stops everything once: the command's own close and its shutdown hook (a SIGTERM or Ctrl-C
     * during the scenario) may both call it, the second waits for the first and does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            app.close();
            devices.close();
        } finally {
            try {
                if (centre != null) centre.close();
            } finally {
                try {
                    if (broker != null) broker.close();
                } finally {
                    if (temporary) deleteTree(dir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the demo's temporary folder " + dir, e);
        }
    }
}
