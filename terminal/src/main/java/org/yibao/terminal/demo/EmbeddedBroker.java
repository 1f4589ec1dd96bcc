package org.yibao.terminal.demo;

import com.codahale.metrics.MetricFilter;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * An in-process MQTT v5 broker for the demo (HiveMQ Community Edition, embedded): listens on
 * loopback only, on a free port, keeps its sessions in memory, and writes its configuration and
 * data folders under a directory the caller owns. It speaks full MQTT v5 (shared subscriptions,
 * response topic, correlation data, session expiry), which the uplink and the reference centre
 * need. Not for production: a device uses the fleet's clustered broker.
 *
 * <pre>
 * try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) { ... broker.uri() ... }
 * </pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private boolean running;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /** Starts a broker on a free loopback port with its folders under {@code dir}. */
    public static EmbeddedBroker start(Path dir) {
        return start(dir, LoopbackPorts.free());
    }

    /** Starts a broker on {@code port} of 127.0.0.1 (after a stop, to come back on the same address). */
    public static EmbeddedBroker start(Path dir, int port) {
        try {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), config(port));
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(dir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .build();
            EmbeddedBroker broker = new EmbeddedBroker(hivemq, port);
            broker.startHiveMq();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker in " + dir, e);
        }
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Whether the broker is accepting connections. */
    public synchronized boolean running() {
        return running;
    }

    /** Stops accepting connections and drops every client (the network going away); {@link #resume()} restarts it. */
    public synchronized void stop() {
        if (running) {
            hivemq.stop().orTimeout(START_SECONDS, TimeUnit.SECONDS).join();
            // HiveMQ registers its gauges again on the next start and refuses duplicates.
            hivemq.getMetricRegistry().removeMatching(MetricFilter.ALL);
            running = false;
        }
    }

    /** Starts the stopped broker again on the same port. */
    public synchronized void resume() {
        if (!running) {
            startHiveMq();
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            try {
                hivemq.close();
            } catch (Exception e) {
                throw new IllegalStateException("embedded broker did not close", e);
            }
        }
    }

    private synchronized void startHiveMq() {
        try {
            hivemq.start().orTimeout(START_SECONDS, TimeUnit.SECONDS).join();
            running = true;
        } catch (CompletionException e) {
            String why = e.getCause() instanceof TimeoutException ? "did not start within " + START_SECONDS + " s" : String.valueOf(e.getCause());
            throw new IllegalStateException("embedded MQTT broker on 127.0.0.1:" + port + " " + why, e);
        }
    }

    private static String config(int port) {
        return """
            <?xml version="1.0"?>
            <hivemq>
              <listeners>
                <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
              </listeners>
              <persistence><mode>in-memory</mode></persistence>
              <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
            </hivemq>
            """.formatted(port);
    }
}
