package org.yibao.outbox.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.MosquittoBroker;

/**
 * kill -9 of the producing terminal (a child JVM) at random points during appends and drains,
 * many times; then every message whose append committed is in the centre's store exactly once,
 * and nothing that did not commit is.
 */
class CrashTest {

    private static final int KILLS = 24;
    private static final String DEVICE = "CRASH01";

    @TempDir
    Path dir;

    @Test
    void killMinusNineAtRandomPointsLosesNothingAndDuplicatesNothing() throws Exception {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        Path terminalDb = dir.resolve("terminal/terminal.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             SqliteDatabase centreDb = SqliteDatabase.open(dir.resolve("centre.db"))) {
            ClaimStore store = ClaimStore.open(centreDb);
            try (ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "crash"), store, Clock.systemUTC())) {
                for (int run = 0; run < KILLS; run++) {
                    String mode = run % 4 == 3 ? "drain" : "append";
                    Process child = startChild(terminalDb, broker.uri(), mode, run);
                    try {
                        awaitLine(child, run, "READY");
                        // up to 3 s: the child's uplink connects after READY (over a second on a loaded
                        // machine), so shorter lives would kill it mostly before any publish or ack
                        Thread.sleep(random.nextLong(50, 3_000));
                    } finally {
                        child.destroyForcibly();
                    }
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child " + run + " did not die");
                }
                Process finish = startChild(terminalDb, broker.uri(), "finish", KILLS);
                try {
                    assertTrue(finish.waitFor(180, TimeUnit.SECONDS), "final drain did not finish: " + childOutput(KILLS));
                } finally {
                    finish.destroyForcibly(); // a drain that never ends must not outlive the test
                }
                assertEquals(0, finish.exitValue(), childOutput(KILLS));
                Thread.sleep(500);

                Set<String> committed = committedIds(terminalDb);
                List<StoredClaim> received = store.all();
                Set<String> receivedIds = received.stream().map(StoredClaim::id).collect(Collectors.toSet());
                assertTrue(committed.size() > 500, "the children committed too little to prove anything: " + committed.size());
                assertEquals(received.size(), receivedIds.size(), "no id stored twice");
                Set<String> missing = new HashSet<>(committed);
                missing.removeAll(receivedIds);
                Set<String> phantom = new HashSet<>(receivedIds);
                phantom.removeAll(committed);
                assertEquals(Set.of(), missing, "committed but never reached the centre");
                assertEquals(Set.of(), phantom, "reached the centre but never committed");
                long redelivered = received.stream().filter(c -> c.deliveries() > 1).count();
                System.out.printf("crash test: %d kills, %d committed messages, %d stored once each, %d of them delivered more than once%n",
                        KILLS, committed.size(), received.size(), redelivered);
            }
        }
    }

    /** The outbox ids in the terminal's file, checked against the business rows written with them. */
    private static Set<String> committedIds(Path terminalDb) throws SQLException {
        try (SqliteDatabase db = SqliteDatabase.open(terminalDb)) {
            Set<String> outbox = query(db, "SELECT id FROM outbox_message");
            Set<String> sales = query(db, "SELECT message_id FROM sale");
            assertEquals(outbox, sales, "every business row has its message and every message its business row");
            assertEquals(Set.of(), query(db, "SELECT id FROM outbox_message WHERE state <> 'ACKED'"));
            return outbox;
        }
    }

    private static Set<String> query(SqliteDatabase db, String sql) throws SQLException {
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

    private Process startChild(Path db, String brokerUri, String mode, int run) throws IOException {
        return CrashProducer.start(dir, db, DEVICE, brokerUri, mode, run);
    }

    private void awaitLine(Process child, int run, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (childOutput(run).lines().anyMatch(line::equals)) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child " + run + " exited early: " + childOutput(run));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("child " + run + " never printed " + line + ": " + childOutput(run));
    }

    private String childOutput(int run) {
        try {
            Path log = dir.resolve("child-" + run + ".log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
