package org.yibao.outbox.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.testing.RawMqtt;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;

/**
 * The uplink killed with SIGKILL (the crash test's child, {@link CrashProducer}) while the
 * centre's acks stream in, many times. {@link CrashTest} shows every committed claim reaches the
 * centre once; this shows what happens to the answers: after every kill, a claim the terminal's
 * file holds as ACKED is never published again (its deliveries at the centre never grow after
 * that kill, through every later run), the backlog the outbox counts is exactly the rows still
 * unanswered (an ack applied twice would count twice), and every ACKED claim is one the centre
 * stored. (That claims not ACKED at a kill are sent again until the centre has each once is
 * {@link CrashTest}'s.) The child needs a second or more after READY to connect on a busy
 * machine, so the kills come 1.5-3.5 s after it.
 */
class AckedNeverResentTest {
    private static final int KILLS = 6;
    private static final String DEVICE = "ACKS01";
    /** Another device, whose claims mark how far the centre has stored (see {@link #awaitStoredAllTaken}). */
    private static final Topics MARKER = new Topics("370100", "P37010000001", "MARK01");

    @TempDir
    Path dir;

    @Test
    void aClaimAckedBeforeAKillIsNeverPublishedAgainAndEachAckCountsOnce() throws Exception {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        Path terminalDb = dir.resolve("terminal/terminal.db");
        Map<String, Integer> ackedDeliveries = new HashMap<>();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             SqliteDatabase centreDb = SqliteDatabase.open(dir.resolve("centre.db"))) {
            ClaimStore store = ClaimStore.open(centreDb);
            try (ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "acks"), store, Clock.systemUTC())) {
                for (int run = 0; run < KILLS; run++) {
                    Process child = startChild(terminalDb, broker.uri(), run % 3 == 0 ? "append" : "drain", run);
                    try {
                        awaitReady(child, run);
                        Thread.sleep(random.nextLong(1_500, 3_500));
                    } finally {
                        child.destroyForcibly(); // also when it never got ready: no child outlives the test
                    }
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child " + run + " did not die");
                    awaitStoredAllTaken(broker, store, run); // what the broker still held for the centre is stored

                    Map<String, Integer> deliveries = deliveries(store);
                    for (var e : ackedDeliveries.entrySet()) {
                        assertEquals(e.getValue(), deliveries.get(e.getKey()), "run " + run + ": " + e.getKey()
                                + " was ACKED before an earlier kill and was published again");
                    }
                    Set<String> acked = ids(terminalDb, "SELECT id FROM outbox_message WHERE state = 'ACKED'");
                    Set<String> unstored = acked.stream().filter(id -> !deliveries.containsKey(id)).collect(Collectors.toSet());
                    assertEquals(Set.of(), unstored, "run " + run + ": ACKED but never stored by the centre");
                    acked.forEach(id -> ackedDeliveries.putIfAbsent(id, deliveries.get(id)));
                    assertBacklogIsTheUnansweredRows(terminalDb, run);
                }
                assertTrue(ackedDeliveries.size() > 200, "too few acks before the kills to prove anything: " + ackedDeliveries.size());
                System.out.printf("acks and kills: %d kills, %d claims ACKED before a kill, none published again%n",
                        KILLS, ackedDeliveries.size());
            }
        }
    }

    /**
     * Waits until the centre has stored every claim the broker took before now. A claim the child
     * published again before its ack came (the resend after a reconnect, while the broker still
     * held the ack of the first copy) may be on its way when the file already says ACKED; stored
     * after a fixed pause, it read as published after the ack. A marker claim of another device
     * published now reaches the centre behind it (the broker queues a subscriber's messages in
     * order and the centre stores them in order), so once the marker is stored, it is too.
     */
    private static void awaitStoredAllTaken(MosquittoBroker broker, ClaimStore store, int run) throws Exception {
        String marker = MARKER.deviceId() + "-" + (run + 1);
        byte[] claim = WireCodec.encode(new Envelope(Envelope.VERSION, marker, MARKER.deviceId(), "claim.marker", "SELF_PAY",
                Lane.MESSAGES.name(), null, System.currentTimeMillis(), 1, "{}".getBytes(StandardCharsets.UTF_8)));
        try (RawMqtt raw = new RawMqtt(broker.uri(), "marker-" + run)) {
            raw.publish(MARKER.lane(Lane.MESSAGES), claim);
        }
        Eventually.await(Duration.ofSeconds(60), () -> store.find(marker).isPresent(), () -> "run " + run + ": the marker was not stored");
    }

    private static Map<String, Integer> deliveries(ClaimStore store) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        for (StoredClaim c : store.all()) out.put(c.id(), c.deliveries());
        return out;
    }

    /** The outbox's own backlog count (running totals less answered) equals the rows not yet answered. */
    private static void assertBacklogIsTheUnansweredRows(Path terminalDb, int run) throws SQLException {
        try (SqliteDatabase db = SqliteDatabase.open(terminalDb)) {
            Outbox outbox = Outbox.open(db, DEVICE, OutboxPolicy.defaults().withCounts(1_000_000, 1_000_000), Clock.systemUTC());
            long rows = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                        "SELECT count(*) FROM outbox_message WHERE lane = 'MESSAGES' AND state IN ('PENDING','SENT','NEEDS_ATTENTION')")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertEquals(rows, outbox.stats(Lane.MESSAGES).count(), "run " + run + ": the backlog counted is the unanswered rows");
        }
    }

    private static Set<String> ids(Path terminalDb, String sql) throws SQLException {
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(terminalDb)) {
            return db.read(c -> {
                Set<String> out = new java.util.HashSet<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                    while (r.next()) out.add(r.getString(1));
                }
                return out;
            });
        }
    }

    private Process startChild(Path db, String brokerUri, String mode, int run) throws IOException {
        return CrashProducer.start(dir, db, DEVICE, brokerUri, mode, run);
    }

    private void awaitReady(Process child, int run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (output(run).lines().anyMatch("READY"::equals)) return;
            if (!child.isAlive()) throw new AssertionError("child " + run + " exited early: " + output(run));
            Thread.sleep(20);
        }
        throw new AssertionError("child " + run + " never became ready: " + output(run));
    }

    private String output(int run) {
        try {
            Path log = dir.resolve("child-" + run + ".log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
