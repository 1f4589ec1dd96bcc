package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.CatchUp;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;

/**
 * The breaker for an update that stops the service while it is handled: counted across restarts
 * (new instances on the same data folder, as after a stop), set aside at the third stop and
 * never handled again, crossed out when decided; a different update is not held up.
 */
class UpdatesInHandTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void anUpdateInHandAtThreeStopsIsSetAsideAcrossRestarts(@TempDir Path dir) throws Exception {
        for (int stop = 1; stop <= UpdatesInHand.ATTEMPTS; stop++) {
            UpdatesInHand started = new UpdatesInHand(dir);
            assertTrue(started.begin(A), "handled at start " + stop);
            // the service stops here: no end()
        }
        UpdatesInHand after = new UpdatesInHand(dir);
        assertFalse(after.begin(A), "set aside after " + UpdatesInHand.ATTEMPTS + " stops");
        assertEquals(1, after.setAsideCount());
        assertFalse(new UpdatesInHand(dir).begin(A), "and after the next restart too");
        assertTrue(after.begin(B), "another update is handled");
        after.end(B);
        assertFalse(Files.exists(dir.resolve(UpdatesInHand.IN_HAND)), "nothing in hand once decided");
        assertTrue(Files.readString(dir.resolve(UpdatesInHand.SET_ASIDE)).contains(A));
    }

    /**
     * A full disk (here the file's place taken by a folder, as {@code AtomicFilesTest} makes a write
     * fail) makes {@link UpdatesInHand#begin} fail: the update is not handled now and comes again
     * with the next catch-up. That is not a stop of the service. Before 2026-12-06 each failed
     * begin still counted one in memory, so the agent's third catch-up retry (1 s, 2 s, 4 s later)
     * set a good update aside without any stop, for good once the disk had room for
     * fleet-set-aside.txt, and its stream waited behind it.
     */
    @Test
    void anUpdateThatCannotBeWrittenDownIsNotCountedAsAStop(@TempDir Path dir) throws Exception {
        Path blocked = Files.createDirectories(dir.resolve(UpdatesInHand.IN_HAND));
        Files.writeString(blocked.resolve("inside"), "no room");
        UpdatesInHand hand = new UpdatesInHand(dir);
        for (int retry = 0; retry < UpdatesInHand.ATTEMPTS; retry++) {
            assertThrows(java.io.UncheckedIOException.class, () -> hand.begin(A), "not written down: not handled");
        }
        Files.delete(blocked.resolve("inside"));
        Files.delete(blocked); // room again

        assertTrue(hand.begin(A), "handled once the disk has room: never set aside without a stop");
        assertEquals(0, hand.setAsideCount());
        assertFalse(Files.exists(dir.resolve(UpdatesInHand.SET_ASIDE)));
        hand.end(A);
        assertFalse(Files.exists(dir.resolve(UpdatesInHand.IN_HAND)), "nothing in hand once decided");
    }

    @Test
    void anUpdateDecidedBetweenStopsStartsItsCountAgainAndADamagedFileIsEmpty(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 5; round++) {
            UpdatesInHand started = new UpdatesInHand(dir);
            assertTrue(started.begin(A));
            if (round % 2 == 1) started.end(A); // decided: a later stop counts from one again
        }
        Files.writeString(dir.resolve(UpdatesInHand.IN_HAND), "not a line\n" + A + " x\n\0\0\0", StandardCharsets.UTF_8);
        UpdatesInHand damaged = new UpdatesInHand(dir);
        assertTrue(damaged.begin(A), "a damaged file counts nothing");
        assertEquals(0, damaged.setAsideCount());
    }

    /**
     * An update in hand at a stop that never comes again (withdrawn by the centre) left its line
     * for good, one more at every such stop; the file keeps the newest {@value UpdatesInHand#MAX_IN_HAND},
     * and an update's own count is never the one dropped.
     */
    @Test
    void theFileKeepsTheNewestEntriesOnly(@TempDir Path dir) throws Exception {
        StringBuilder stale = new StringBuilder();
        for (int i = 0; i < UpdatesInHand.MAX_IN_HAND - 1; i++) stale.append("%064x 1%n".formatted(i));
        Files.writeString(dir.resolve(UpdatesInHand.IN_HAND), A + " 2\n" + stale);
        UpdatesInHand hand = new UpdatesInHand(dir);

        assertTrue(hand.begin(B));
        List<String> lines = Files.readAllLines(dir.resolve(UpdatesInHand.IN_HAND));
        assertEquals(UpdatesInHand.MAX_IN_HAND, lines.size());
        assertFalse(lines.contains(A + " 2"), "the oldest went");
        assertEquals(B + " 1", lines.getLast());
        assertTrue(lines.contains("%064x 1".formatted(0)));

        UpdatesInHand oldestInHand = new UpdatesInHand(dir);
        assertTrue(oldestInHand.begin("%064x".formatted(0)), "the oldest entry taken up again");
        assertTrue(Files.readAllLines(dir.resolve(UpdatesInHand.IN_HAND)).contains("%064x 2".formatted(0)),
                "its own count is kept and counted on");
    }

    /** The agent: an update whose message was in hand at three stops is neither verified nor applied; the next one is. */
    @Test
    void theAgentSkipsASetAsideUpdateAndAppliesTheNext(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] first = status(root, UpdateTarget.area("371502"));
        byte[] second = status(root, UpdateTarget.device("T01"));
        String firstHash = hashOf(first);
        Files.writeString(dir.resolve(UpdatesInHand.IN_HAND), firstHash + " " + UpdatesInHand.ATTEMPTS + "\n");
        ListAppender<ILoggingEvent> lines = StandAloneFleet.capture(UpdatesInHand.class);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            StandInCentre centre = StandInCentre.withNothing();
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            FleetAgent agent = fleet.agent().orElseThrow();
            agent.receive(first);
            agent.receive(first.clone());
            agent.receive(second);
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().count() >= 1, () -> "no update was recorded");
            agent.catchUpNow(Duration.ofSeconds(10));
            fleet.close();
            assertEquals(List.of(firstHash), centre.requests().getLast().setAside(), "the catch-up asks the centre not to send it again");
            assertEquals(0L, fleet.store().lastSeq("area/371502"), "the set-aside update is not applied");
            assertEquals(1L, fleet.store().lastSeq("device/T01"), "the next one is");
            assertEquals(1, fleet.store().count());
        } finally {
            StandAloneFleet.release(UpdatesInHand.class, lines);
        }
        List<String> errors = lines.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, errors.size(), "named once when set aside: " + errors);
        assertTrue(errors.getFirst().contains(firstHash), errors.getFirst());
        assertFalse(Files.readString(dir.resolve(UpdatesInHand.SET_ASIDE)).isEmpty());
    }

    /**
     * A stop while one update of a catch-up answer is applied is that update's doing only: an
     * update of another stream that came in the same answer, and had not been reached, is not
     * counted with it. Each stop is the state a kill leaves: the agent is held inside the first
     * update's apply (its write waits for the database), the in-hand file is taken as it is then,
     * and the next start finds that file and a database where nothing was committed.
     */
    @Test
    void aStopWhileOneUpdateIsAppliedDoesNotSetAsideAnotherStreamsUpdateOfTheSameAnswer(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] stopping = status(root, UpdateTarget.device("T01"));
        byte[] innocent = status(root, UpdateTarget.area("371502"));
        String stoppingHash = hashOf(stopping);
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(List.of(stopping, innocent), false));
        Path inHandFile = dir.resolve(UpdatesInHand.IN_HAND);
        for (int stop = 1; stop <= UpdatesInHand.ATTEMPTS; stop++) {
            try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal-" + stop + ".db"))) {
                FleetService fleet = StandAloneFleet.open(db, dir);
                byte[] atTheStop = whileLocked(dir.resolve("terminal-" + stop + ".db"), () -> {
                    fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
                    // connect, catch-up and verifying come first (seconds on a busy machine); inside, the write waits out the busy timeout
                    Eventually.await(Duration.ofSeconds(20), UpdatesInHandTest::applying, () -> "the agent is inside the first update's apply");
                    return Files.readAllBytes(inHandFile);
                });
                assertTrue(new String(atTheStop, StandardCharsets.UTF_8).contains(stoppingHash + " " + stop), "stop " + stop);
                fleet.close();
                Files.write(inHandFile, atTheStop); // what the kill left
            }
        }
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal-after.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 1, () -> "area/371502 never reached its update 1");
            fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(10));
            fleet.close();
            assertEquals(0L, fleet.store().lastSeq("device/T01"), "the update applied at the three stops is set aside");
            assertEquals(List.of(stoppingHash), centre.requests().getLast().setAside(), "only it is set aside");
            assertEquals(1L, fleet.store().lastSeq("area/371502"), "the area's update, never reached at a stop, is applied");
        }
    }

    /**
     * A stop of the service that cuts off the update being applied (here its write waits out the
     * busy timeout while the close waits for it; on a device, a large import the close's 15 s do
     * not cover) is logged as a stop in one line, not as a catch-up that failed with its stack
     * trace; nothing of the update is applied, and it is not counted against the update.
     */
    @Test
    void anUpdateCutOffByTheServicesStopIsToldAsAStopNotAFailure(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] update = status(root, UpdateTarget.device("T01"));
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(List.of(update), false));
        ListAppender<ILoggingEvent> lines = StandAloneFleet.capture(FleetAgent.class);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            whileLocked(dir.resolve("terminal.db"), () -> {
                fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
                Eventually.await(Duration.ofSeconds(20), UpdatesInHandTest::applying, () -> "the agent is inside the update's apply");
                fleet.close(); // waits for the apply, which gives up when the busy timeout runs out
                return null;
            });
            assertEquals(0L, fleet.store().lastSeq("device/T01"), "nothing of it applied");
        } finally {
            StandAloneFleet.release(FleetAgent.class, lines);
        }
        assertEquals(List.of(), lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList(), "a stop is not a failure to look into");
        assertTrue(lines.list.stream().anyMatch(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("the service stops")
                && e.getThrowableProxy() == null), lines.list.toString());
        assertFalse(Files.exists(dir.resolve(UpdatesInHand.IN_HAND)), "not counted against the update");
    }

    /**
     * An update pushed ahead of its turn is held, not in hand, while the catch-up it starts brings
     * the one before it (and itself again, in the same answer): a stop while that one is applied is
     * that one's doing and counted for it alone. (It was counted for both, and for the pushed one
     * twice, once per time it was taken up: set aside at the second stop, not the third.)
     */
    @Test
    void anUpdatePushedAheadOfItsTurnIsNotCountedAtAStopWhileTheOneBeforeItIsApplied(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] first = status(root, UpdateTarget.area("371502"), 1);
        byte[] ahead = status(root, UpdateTarget.area("371502"), 2);
        String aheadHash = hashOf(ahead);
        String firstHash = hashOf(first);
        StandInCentre centre = nothingAtFirstThen(first, ahead);
        byte[] atTheStop;
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            atTheStop = whileLocked(dir.resolve("terminal.db"), () -> {
                fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
                Eventually.await(Duration.ofSeconds(20), () -> centre.asks() >= 1, () -> "the agent never asked the centre");
                fleet.agent().orElseThrow().receive(ahead.clone());
                // the catch-up and verifying come first (seconds on a busy machine); inside, the write waits out the busy timeout
                Eventually.await(Duration.ofSeconds(20), UpdatesInHandTest::applying, () -> "the agent is inside area/371502/1's apply");
                return Files.readAllBytes(dir.resolve(UpdatesInHand.IN_HAND));
            });
            fleet.close();
        }
        String inHand = new String(atTheStop, StandardCharsets.UTF_8);
        assertEquals(firstHash + " 1", inHand.strip(), "the update being applied, once; not the one held for its turn");
        assertFalse(inHand.contains(aheadHash), inHand);
    }

    /**
     * An update pushed ahead of its turn and held is applied right after the one before it (from
     * those held, in the same decision): while it is applied it is the update being worked on, so
     * a stop then must count for it, not for the one before it (already committed by then). The
     * in-hand file is read at the moment the agent starts applying it, from its own log line.
     */
    @Test
    void aHeldUpdateIsInHandWhileItIsAppliedAfterTheOneBeforeIt(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] first = status(root, UpdateTarget.area("371502"), 1);
        byte[] ahead = status(root, UpdateTarget.area("371502"), 2);
        String aheadHash = hashOf(ahead);
        String firstHash = hashOf(first);
        StandInCentre centre = nothingAtFirstThen(first, ahead);
        Path inHandFile = dir.resolve(UpdatesInHand.IN_HAND);
        List<String> atItsApply = new java.util.concurrent.CopyOnWriteArrayList<>();
        ch.qos.logback.core.AppenderBase<ILoggingEvent> snapshot = new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (!e.getFormattedMessage().startsWith("fleet: applying area/371502/2 ")) return;
                try {
                    atItsApply.add(Files.exists(inHandFile) ? Files.readString(inHandFile).strip() : "");
                } catch (java.io.IOException x) {
                    atItsApply.add(x.toString());
                }
            }
        };
        snapshot.start();
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FleetAgent.class);
        Level level = log.getLevel();
        log.setLevel(Level.INFO);
        log.addAppender(snapshot);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> centre.asks() >= 1, () -> "the agent never asked the centre");
            fleet.agent().orElseThrow().receive(ahead.clone());
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 2, () -> "area/371502 never reached its update 2");
            fleet.close();
            assertEquals(2L, fleet.store().lastSeq("area/371502"));
        } finally {
            log.detachAppender(snapshot);
            log.setLevel(level);
        }
        assertEquals(1, atItsApply.size(), "area/371502/2 applied once, from those held: " + atItsApply);
        assertEquals(aheadHash + " 1", atItsApply.getFirst(),
                "the update being applied is in hand, once (" + firstHash + " is area/371502/1, committed)");
    }

    /** Whether a thread is inside {@link UpdateApplier#apply}. */
    /**
     * What {@code whileLocked} returns, run with a write lock held on the database {@code file} from
     * another connection: the agent's first write waits there (up to the busy timeout) inside apply.
     */
    private static <T> T whileLocked(Path file, Callable<T> whileLocked) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            try {
                return whileLocked.call();
            } finally {
                lock.execute("ROLLBACK");
            }
        }
    }

    private static boolean applying() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(f -> f.getClassName().equals(UpdateApplier.class.getName()) && f.getMethodName().equals("apply"));
    }

    private static byte[] status(DeviceKey root, UpdateTarget target) {
        return status(root, target, 1);
    }

    private static byte[] status(DeviceKey root, UpdateTarget target, long seq) {
        return UpdateEnvelope.sign(new Update(target, seq, UpdateKind.COMMAND, Instant.now(), new byte[0], "status"),
                root.pair().getPrivate(), KeyAlgorithm.EC);
    }

    private static String hashOf(byte[] message) {
        return UpdatesInHand.hash(new CatchUp.Envelope(message, 0, message.length));
    }

    /** A centre that answers the first catch-up (at connect) with nothing, and every later one with {@code updates}. */
    private static StandInCentre nothingAtFirstThen(byte[]... updates) {
        AtomicInteger asked = new AtomicInteger();
        return new StandInCentre(() -> asked.getAndIncrement() == 0 ? new CatchUp.Answer(List.of(), false)
                : new CatchUp.Answer(List.of(updates), false));
    }
}
