package org.yibao.bench.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The crash test run against both producers, for the README: a child JVM ({@link CrashChild})
 * publishes claims and is killed with SIGKILL at a random moment, {@code kills} times, each
 * time started again on the same files; in every second cycle the broker (Mosquitto with
 * persistence) is stopped while the child runs, the child is killed during the outage, and the
 * broker comes back after the kill. Then
 * one last child drains what is left. The reference centre, behind the same broker, stores
 * each id once and counts deliveries. Both producers get the same schedule (same seed) and a
 * fresh broker, centre and folder.
 *
 * <p>Printed per producer: messages the application had handed over (the outbox: committed
 * appends; Paho: {@code publish} returned), how many of those the centre never received
 * (lost), deliveries beyond the first (duplicates, which the centre's dedup absorbed), and ids
 * received that the application had no record of.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' org.yibao.bench.outbox.PahoBufferCrashComparison [kills] [seed]</pre>
 *
 * <p>{@code -Dbench.broker.extra='max_topic_alias 0'} turns the broker's topic aliases off
 * (Mosquitto offers 10 by default). With them on, a restarted Paho client publishes its persisted
 * alias-only PUBLISH on a connection that has no such alias and is disconnected on every
 * reconnect (paho.mqtt.java#1104), which is most of Paho's loss here.
 */
public final class PahoBufferCrashComparison {

    private PahoBufferCrashComparison() {
    }

    /** What one producer's run came to. */
    record Result(String producer, int kills, int outages, int handedOver, int lost, long duplicates, int unrecorded,
                  boolean drained) {
        String line() {
            return String.format("%-28s kills %d, outages %d: handed over %d, lost %d (%.2f%%), duplicate deliveries %d,"
                    + " received without a record %d%s", producer, kills, outages, handedOver, lost,
                    handedOver == 0 ? 0.0 : 100.0 * lost / handedOver, duplicates, unrecorded, drained ? "" : " (the final drain did not finish)");
        }
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Path dir = Files.createTempDirectory("bench-crash");
        try {
            Result outbox = run(dir.resolve("outbox"), "outbox", CrashChild.OUTBOX_DEVICE, kills, seed);
            System.out.println(outbox.line());
            Result paho = run(dir.resolve("paho"), "paho", CrashChild.PAHO_DEVICE, kills, seed);
            System.out.println(paho.line());
            System.out.println();
            System.out.println("| producer | kills | outages | handed over | lost | duplicate deliveries |");
            System.out.println("|---|---|---|---|---|---|");
            for (Result r : List.of(outbox, paho)) {
                System.out.printf("| %s | %d | %d | %d | %d | %d |%n", r.producer(), r.kills(), r.outages(), r.handedOver(), r.lost(),
                        r.duplicates());
            }
        } finally {
            if (System.getProperty("bench.keep") == null) {
                DrainBenchmark.deleteTree(dir);
            } else {
                System.out.println("kept " + dir);
            }
        }
    }

    static Result run(Path dir, String mode, String device, int kills, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Path data = dir.resolve("child");
        int outages = 0;
        try (BenchBroker broker = BenchBroker.startPersistent(dir.resolve("broker"));
             SqliteDatabase centreDb = SqliteDatabase.open(dir.resolve("centre.db"))) {
            ClaimStore store = ClaimStore.open(centreDb);
            try (ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "cmp-" + mode), store, Clock.systemUTC())) {
                for (int cycle = 0; cycle < kills; cycle++) {
                    Process child = startChild(dir, mode, data, broker.uri(), cycle);
                    awaitReady(dir, child, cycle);
                    boolean outage = cycle % 2 == 1;
                    if (outage) {
                        outages++;
                        Thread.sleep(random.nextLong(50, 600));
                        broker.stop();
                    }
                    Thread.sleep(random.nextLong(50, 1_200));
                    child.destroyForcibly(); // SIGKILL
                    if (!child.waitFor(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("child " + cycle + " did not die");
                    }
                    if (outage) {
                        broker.startAgain();
                    }
                }
                Process finish = startChild(dir, mode + "-finish", data, broker.uri(), kills);
                boolean drained = finish.waitFor(120, TimeUnit.SECONDS) && finish.exitValue() == 0;
                if (!drained) {
                    finish.destroyForcibly();
                    finish.waitFor(30, TimeUnit.SECONDS);
                }
                Thread.sleep(2_000); // let the centre store what is still on its way
                Set<String> handedOver = mode.equals("outbox") ? outboxCommitted(data) : CrashChild.accepted(data);
                List<StoredClaim> received = store.all().stream().filter(c -> c.device().equals(device)).toList();
                Set<String> receivedIds = received.stream().map(StoredClaim::id).collect(Collectors.toSet());
                Set<String> lost = new HashSet<>(handedOver);
                lost.removeAll(receivedIds);
                Set<String> unrecorded = new HashSet<>(receivedIds);
                unrecorded.removeAll(handedOver);
                long duplicates = received.stream().mapToLong(c -> c.deliveries() - 1L).sum();
                return new Result(mode.equals("outbox") ? "outbox (SQLite + uplink)" : "Paho file persistence + buffer",
                        kills, outages, handedOver.size(), lost.size(), duplicates, unrecorded.size(), drained);
            }
        }
    }

    /** The committed outbox ids, checked against the business rows committed with them. */
    private static Set<String> outboxCommitted(Path data) throws SQLException {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Set<String> ids = ids(db, "SELECT id FROM outbox_message");
            if (!ids.equals(ids(db, "SELECT message_id FROM sale"))) {
                throw new IllegalStateException("outbox rows and business rows differ");
            }
            return ids;
        }
    }

    private static Set<String> ids(SqliteDatabase db, String sql) throws SQLException {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    private static Process startChild(Path dir, String mode, Path data, String brokerUri, int cycle) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // java.io.tmpdir in the run's folder (deleted at the end): sqlite-jdbc extracts its native
        // library there, and a child killed with SIGKILL cannot delete it
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("child-tmp")),
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                mode, data.toString(), brokerUri, Integer.toString(cycle))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + cycle + ".log").toFile())
                .start();
    }

    private static void awaitReady(Path dir, Process child, int cycle) throws Exception {
        Path log = dir.resolve("child-" + cycle + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).lines().anyMatch("READY"::equals)) {
                return;
            }
            if (!child.isAlive()) {
                throw new IllegalStateException("child " + cycle + " exited early: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        child.destroyForcibly();
        throw new IllegalStateException("child " + cycle + " never became ready");
    }
}
