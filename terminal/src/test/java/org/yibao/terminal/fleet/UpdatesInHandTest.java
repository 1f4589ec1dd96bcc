package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
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

    /** The agent: an update whose message was in hand at three stops is neither verified nor applied; the next one is. */
    @Test
    void theAgentSkipsASetAsideUpdateAndAppliesTheNext(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] first = status(root, UpdateTarget.area("371502"));
        byte[] second = status(root, UpdateTarget.device("T01"));
        String firstHash = UpdatesInHand.hash(new CatchUp.Envelope(first, 0, first.length));
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
            for (int i = 0; i < 100 && fleet.store().count() < 1; i++) Thread.sleep(50);
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

    private static byte[] status(DeviceKey root, UpdateTarget target) {
        return UpdateEnvelope.sign(new Update(target, 1, UpdateKind.COMMAND, Instant.now(), new byte[0], "status"),
                root.pair().getPrivate(), KeyAlgorithm.EC);
    }
}
