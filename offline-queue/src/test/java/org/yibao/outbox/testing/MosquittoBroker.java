package org.yibao.outbox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * A private Mosquitto broker for one test run: its own config, persistence folder and log in a
 * temp folder, a free loopback port, started as a child process and stopped by its PID. Other
 * modules' tests get it through offline-queue's test-jar.
 *
 * <pre>
 * try (MosquittoBroker broker = MosquittoBroker.start(tempDir)) { ... broker.uri() ... }
 * </pre>
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Brokers still running when the test JVM exits are killed then: a run cut short before its
     * {@code close()} (surefire ending the fork while jqwik still shrinks a failing property, a
     * fork stopped on a timeout) left Mosquitto processes behind with no parent.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("mosquitto-reaper").unstarted(
                () -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private Process process;

    private MosquittoBroker(Path dir, int port, List<String> extraConfig) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
    }

    /** Starts a broker with persistence in {@code dir} on a free loopback port. */
    public static MosquittoBroker start(Path dir) {
        return start(dir, List.of());
    }

    /** The same, with {@code extraConfig} lines added to its configuration (e.g. {@code max_packet_size 8192}). */
    public static MosquittoBroker start(Path dir, List<String> extraConfig) {
        MosquittoBroker broker = new MosquittoBroker(dir, LoopbackPorts.free(), List.copyOf(extraConfig));
        broker.writeConfig();
        broker.startProcess();
        return broker;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's PID, while it runs. */
    public long pid() {
        return process.pid();
    }

    /** Whether the broker process is alive. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the broker with SIGTERM (it saves its persistence) and waits for it to exit. */
    public void stop() {
        if (running()) {
            process.destroy();
            waitForExit();
        }
    }

    /** Kills the broker with SIGKILL (no save), as a power cut would. */
    public void kill() {
        if (running()) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Starts the broker again on the same port with the same persistence. */
    public void restart() {
        stop();
        startProcess();
    }

    /** Starts a stopped broker again on the same port. */
    public void startAgain() {
        if (!running()) {
            startProcess();
        }
    }

    /** The broker's log so far, for failure messages. */
    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    // run as the test's user: as root, mosquitto would switch to "mosquitto" and
                    // could not write its persistence and log in the test's private temp folder
                    "user " + System.getProperty("user.name"),
                    "allow_anonymous true",
                    "persistence true",
                    "persistence_location " + dir.resolve("data") + "/",
                    "autosave_interval 1",
                    "max_queued_messages 100000",
                    "log_dest file " + dir.resolve("mosquitto.log"),
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    "log_type information",
                    String.join("\n", extraConfig),
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startProcess() {
        try {
            process = new ProcessBuilder(mosquittoBinary(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.out").toFile())
                    .start();
            Process started = process;
            RUNNING.add(started);
            started.onExit().thenRun(() -> RUNNING.remove(started));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto (run .ci/install-test-packages as root)", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            if (accepts()) {
                return;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("mosquitto did not listen on " + port + " within " + START_TIMEOUT + ": " + log());
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String mosquittoBinary() {
        for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "mosquitto";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }
}
