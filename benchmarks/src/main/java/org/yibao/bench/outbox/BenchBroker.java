package org.yibao.bench.outbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * A private Mosquitto for one benchmark run (free loopback port, temp folder), stopped by PID.
 * {@link #start} keeps nothing on disk (the drain benchmark); {@link #startPersistent} saves
 * sessions and queued messages across {@link #stop()} / {@link #startAgain()} on the same port
 * (a broker outage in the crash comparison).
 */
public final class BenchBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private BenchBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static BenchBroker start(Path dir) throws IOException, InterruptedException {
        return start(dir, "persistence false\n");
    }

    static BenchBroker startPersistent(Path dir) throws IOException, InterruptedException {
        return start(dir, "persistence true\npersistence_location " + dir.resolve("data") + "/\nautosave_interval 1\n");
    }

    private static BenchBroker start(Path dir, String persistence) throws IOException, InterruptedException {
        int port = LoopbackPorts.free(); // it comes back on this port after stop()
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + persistence
                + "user " + System.getProperty("user.name") + "\nmax_queued_messages 100000\nset_tcp_nodelay true\n"
                + System.getProperty("bench.broker.extra", "").replace(';', '\n') + "\n");
        BenchBroker broker = new BenchBroker(dir, port);
        broker.startAgain();
        return broker;
    }

    /** Starts the broker (again) on the same port with the same configuration and persistence. */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
    }

    /** Stops the broker with SIGTERM (it saves its persistence) and waits for it to exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
