package org.yibao.bench.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;

/**
 * Whole-process harness: drains a backlog of N messages of 1 KB through the outbox and the
 * uplink until the reference centre's business ack of every one is applied (all ACKED),
 * against a bare Paho QoS 1 publish loop (as many in flight as the broker allows, no
 * application acks) to the same private Mosquitto, in the same run. Prints both rates and
 * the ratio; the goal is >= 0.5. The uplink's window is the broker's receive maximum minus 2
 * ({@code -Dbench.window=N} lowers it); {@code -Dbench.broker.extra='max_inflight_messages 100'}
 * adds lines (separated by ';') to the private Mosquitto's configuration, for both loops.
 * {@code -Dbench.drain.warmup=N} first drains N messages the same way, not counted, so the
 * timed drain meets compiled code (in a cold JVM the C2 compiler threads took about 40 % of
 * the process's CPU during the drain). The drain also prints this JVM's CPU per message.
 *
 * Messages share order keys, {@code perKey} to a key (default 10: message i and i + messages/10
 * share one), so each key's messages go one at a time, each after the previous one's ack; with
 * 1 every message has its own key, as a settlement without a reversal.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' org.yibao.bench.outbox.DrainBenchmark [messages] [perKey]</pre>
 */
public final class DrainBenchmark {

    private static final MessageClass CLAIM = new MessageClass("FUND", Lane.MESSAGES, true);

    private DrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perKey = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        byte[] payload = new byte[1024];
        Arrays.fill(payload, (byte) 'x');
        Path dir = Files.createTempDirectory("bench-drain");
        try (BenchBroker broker = BenchBroker.start(dir.resolve("broker"));
             SqliteDatabase centreDb = SqliteDatabase.open(dir.resolve("centre.db"));
             ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "bench"), ClaimStore.open(centreDb), Clock.systemUTC())) {
            double bare = barePahoLoop(broker.uri(), count, payload);
            int warmup = Integer.getInteger("bench.drain.warmup", 0);
            if (warmup > 0) {
                System.out.printf("warm-up drain, not counted: %.0f msg/s%n", outboxDrain(broker.uri(), dir, warmup, perKey, payload, centre));
            }
            double outbox = outboxDrain(broker.uri(), dir, count, perKey, payload, centre);
            double bare2 = barePahoLoop(broker.uri(), count, payload);
            double baseline = (bare + bare2) / 2;
            System.out.printf("bare Paho QoS 1 loop: %.0f msg/s (runs %.0f, %.0f)%n", baseline, bare, bare2);
            System.out.printf("outbox drain with business acks: %.0f msg/s%n", outbox);
            System.out.printf("ratio outbox/bare = %.2f (goal >= 0.5), %d messages of %d bytes, %d per order key%n",
                    outbox / baseline, count, payload.length, perKey);
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static double barePahoLoop(String uri, int count, byte[] payload) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, "bench-bare-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        IMqttToken connected = client.connect(options);
        connected.waitForCompletion();
        Integer receiveMaximum = connected.getResponseProperties() == null ? null : connected.getResponseProperties().getReceiveMaximum();
        Semaphore window = new Semaphore(receiveMaximum == null ? 20 : receiveMaximum);
        System.out.println("bare loop: broker receive maximum " + receiveMaximum);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                window.release();
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            window.acquire();
            while (true) {
                try {
                    client.publish("bench/bare", new MqttMessage(payload, 1, false, null), null, release);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.onSpinWait();
                }
            }
        }
        window.acquire(receiveMaximum == null ? 20 : receiveMaximum);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.disconnect().waitForCompletion();
        client.close();
        return count / seconds;
    }

    static double outboxDrain(String uri, Path dir, int count, int perKey, byte[] payload, ReferenceCentre centre) throws Exception {
        int keys = Math.max(1, count / Math.max(1, perKey));
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            Outbox outbox = Outbox.open(db, "BENCH01", OutboxPolicy.defaults().withCounts(1_000_000, 1_000_000), Clock.systemUTC());
            db.inTransaction(c -> {
                for (int i = 0; i < count; i++) {
                    outbox.append(c, new NewMessage("claim.settle", CLAIM, "S" + (i % keys), payload));
                }
                return null;
            });
            UplinkConfig config = UplinkConfig.of(uri, new Topics("370100", "P37010000001", "BENCH01"))
                    .withCatchUp(100_000, 1_000).withInFlightWindow(Integer.getInteger("bench.window", 1_000));
            Uplink uplink = Uplink.start(outbox, config, Clock.systemUTC(),
                    new FullJitterBackoff(Duration.ofMillis(50), Duration.ofSeconds(1), RandomGenerator.getDefault()), p -> { });
            while (!uplink.connected()) {
                Thread.onSpinWait(); // the bare loop is timed from its CONNACK too
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            long lastPrint = System.nanoTime();
            for (long left = backlog(outbox); left > 0; left = backlog(outbox)) {
                // the count is a query under the outbox's writer lock: every 5 ms only near the end
                Thread.sleep(left > 500 ? 50 : 5);
                if (System.getProperty("bench.trace") != null && System.nanoTime() - lastPrint > 500_000_000L) {
                    lastPrint = System.nanoTime();
                    System.out.println("trace centre received " + centre.received() + " " + uplink.metrics());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = processCpuNanos() - cpuStart;
            uplink.close();
            System.out.printf("outbox drain: %.0f µs of this JVM's CPU per message (uplink and centre with their Paho clients and SQLite; the broker not counted)%n",
                    cpu / 1e3 / count);
            return count / seconds;
        }
    }

    /** CPU time of this whole JVM so far (every thread, JIT and GC included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long backlog(Outbox outbox) throws SQLException {
        return outbox.stats(Lane.MESSAGES).count();
    }
}
