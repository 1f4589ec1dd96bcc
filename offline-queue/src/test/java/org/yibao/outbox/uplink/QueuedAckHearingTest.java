package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;

/**
 * Review of the centre's hearing: an ack the broker kept in the terminal's persistent session
 * while the terminal was away was sent by the centre back then; delivered at the next connect
 * it says nothing about whether the centre answers now (as a late answer to a question given
 * up on does not count). Against a real Mosquitto and the reference centre: the centre acks a
 * claim while the terminal is away and then goes away itself; when the terminal comes back
 * the centre has not answered anything since it connected, so it must not read as a centre
 * heard since connecting that then stops answering (the terminal would record that moment as
 * its last contact, and the time offline would start again from there).
 */
class QueuedAckHearingTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    MosquittoBroker broker;
    SqliteDatabase centreDb;
    ClaimStore store;
    ReferenceCentre centre;
    final AtomicInteger lost = new AtomicInteger();

    @BeforeEach
    void startBroker() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        centreDb = SqliteDatabase.open(dir.resolve("centre.db"));
        store = ClaimStore.open(centreDb);
    }

    @AfterEach
    void stopAll() {
        if (centre != null) centre.close();
        centreDb.close();
        broker.stop();
    }

    @Test
    void anAckKeptByTheBrokerWhileTheTerminalWasAwayIsNotTheCentreHeardNow() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T10")) {
            Uplink first = connect(t);
            heard(first);
            // the centre goes away; its persistent subscription stays, so the broker keeps the claim for it
            centre.close();
            centre = null;
            t.append("K1", Terminal.FUND, "{\"n\":1}");
            Thread.sleep(1_500); // the worker publishes it at once; the broker keeps it for the centre's session
            first.close(); // the terminal goes away (its session, and what the broker keeps for it, stays)

            // the centre comes back while the terminal is away, acks the claim, and goes away for good
            centre = startCentre();
            Eventually.await(BOUND, () -> centre.received() >= 1, () -> "the centre did not get the kept claim");
            Thread.sleep(500); // its ack is published to the terminal's (offline) session
            centre.close();
            centre = null;

            lost.set(0); // what the terminal is told from here on: the second run only
            Uplink second = connect(t); // the terminal comes back: the broker hands it the kept ack
            Eventually.await(BOUND, () -> t.backlog() == 0, () -> "the kept ack was not delivered");
            Thread.sleep(12_000); // past the connect's ping (10 s), which nobody answers
            assertFalse(second.centreAnswering(), "nothing has come from the centre since the terminal connected");
            assertEquals(0, lost.get(), "the centre was not heard since connecting: no spell of answering ended"
                    + " (the terminal would take now as its last contact with the centre)");
        }
    }

    private ReferenceCentre startCentre() throws Exception {
        return ReferenceCentre.start(CentreConfig.of(broker.uri(), "c1"), store, Clock.systemUTC());
    }

    /** Connects with a 1 h heartbeat (one ping at connect) and a 1 h ack timeout, counting what the terminal is told. */
    private Uplink connect(Terminal t) {
        Uplink uplink = t.connect(UplinkConfig.of(broker.uri(), t.topics).withAckTimeout(Duration.ofHours(1))
                .withHeartbeat(Duration.ofHours(1)));
        uplink.onCentreLost(lost::incrementAndGet);
        return uplink;
    }

    private static void heard(Uplink uplink) {
        Eventually.await(BOUND, () -> uplink.request(Uplink.PING_SERVICE, new byte[0], Duration.ofSeconds(2))
                .get(3, TimeUnit.SECONDS) != null, () -> "the centre did not answer a ping");
        assertTrue(uplink.centreAnswering());
    }
}
