package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.testing.RawMqtt;

/**
 * A connected broker says nothing about the centre behind it: against a real Mosquitto, the
 * uplink finds the reference centre silent (its heartbeat unanswered, claims reaching no
 * subscriber) while still connected, hears it again
 * when it answers, and tells the terminal each time a centre it had heard stops answering.
 */
class CentreSilenceTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    MosquittoBroker broker;
    SqliteDatabase centreDb;
    ClaimStore store;
    ReferenceCentre centre;
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();

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
    void aCentreGoneBehindAConnectedBrokerIsSilentUntilItAnswersAgain() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T01")) {
            Uplink uplink = connect(t, Duration.ofMillis(500));
            heard(uplink);
            assertTrue(uplink.centreAnswering());
            // every heartbeat while the centre answers vouches for it (the terminal's contact, kept over a power cut)
            Eventually.await(BOUND, () -> answered.get() >= 2, () -> "heartbeats while answering: " + answered.get());

            centre.close();
            centre = null;
            Eventually.await(BOUND, () -> !uplink.centreAnswering(), () -> "the unanswered heartbeat was not noticed");
            int vouched = answered.get();
            Thread.sleep(1_500); // three heartbeats, all unanswered
            assertEquals(vouched, answered.get(), "a silent centre's heartbeats vouch for nothing");
            assertTrue(uplink.connected(), "the broker is still there");
            assertNotNull(uplink.metrics().centreSilentSince());
            Eventually.await(BOUND, () -> lost.get() == 1, () -> "the terminal was told " + lost.get() + " times");

            centre = startCentre();
            Eventually.await(BOUND, uplink::centreAnswering, () -> "the heartbeat did not hear the centre again");
            assertNull(uplink.metrics().centreSilentSince());
            assertEquals(1, lost.get(), "hearing the centre again is not a loss");

            broker.stop();
            Eventually.await(BOUND, () -> !uplink.connected(), () -> "the broker's loss was not noticed");
            assertFalse(uplink.centreAnswering());
            assertEquals(2, lost.get(), "the connection was lost while the centre answered");
        }
    }

    @Test
    void aConnectionLostWhileTheCentreWasSilentIsNotALoss() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T02")) {
            Uplink uplink = connect(t, Duration.ofMillis(500));
            heard(uplink);
            centre.close();
            centre = null;
            Eventually.await(BOUND, () -> lost.get() == 1, () -> "silence not told");

            broker.stop();
            Eventually.await(BOUND, () -> !uplink.connected(), () -> "the broker's loss was not noticed");
            broker.startAgain();
            Eventually.await(BOUND, uplink::connected, () -> "no reconnect");
            assertFalse(uplink.centreAnswering(), "still silent: nothing was heard since");
            assertEquals(1, lost.get(), "the centre was already silent when the connection was lost");
        }
    }

    @Test
    void aClaimThatReachesNoSubscriberIsTheCentreSilent() throws Exception {
        try (Terminal t = new Terminal(dir, "T03")) {
            // the heartbeat's first ping waits 10 s for its answer: the PUBACK says it sooner
            Uplink uplink = connect(t, Duration.ofHours(1));
            Eventually.await(BOUND, uplink::connected, () -> "no connection");
            assertFalse(uplink.centreAnswering(), "not heard since the connect: not taken for answering");
            assertNull(uplink.metrics().centreSilentSince(), "nothing known of the centre yet");
            t.append("K1", Terminal.FUND, "{\"n\":1}");
            Eventually.await(Duration.ofSeconds(8), () -> uplink.metrics().centreSilentSince() != null,
                    () -> "a PUBACK 16 (no matching subscribers) was not taken as the centre silent");
            assertEquals(0, lost.get(), "never heard: no spell of answering ended");
        }
    }

    @Test
    void aPingLostBeforeTheCentreSubscribedIsNoSilenceOnceTheCentreHasAnswered() throws Exception {
        try (Terminal t = new Terminal(dir, "T04")) {
            Uplink uplink = connect(t, Duration.ofSeconds(3)); // the first ping goes to nobody and times out 3 s later
            Eventually.await(BOUND, uplink::connected, () -> "no connection");
            Thread.sleep(1_000); // the first ping is out (the worker sends it within its 500 ms poll)
            centre = startCentre();
            heard(uplink);
            Thread.sleep(3_500); // past the first ping's timeout
            assertTrue(uplink.centreAnswering(), "the centre answered after that ping was put");
            assertEquals(0, lost.get());
        }
    }

    /**
     * Whoever holds the centre's answer reads it as answering: the hearing is marked before the
     * request completes (a 2102 sent right after the 1101 that ended a silence is online). Each
     * round makes the centre silent with a ping given 1 ms, then asks again and looks at once.
     */
    @Test
    void anAnswerInHandIsTheCentreAnswering() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T05")) {
            Uplink uplink = connect(t, Duration.ofHours(1));
            heard(uplink);
            int silences = 0;
            for (int round = 0; round < 100; round++) {
                try {
                    uplink.request(Uplink.PING_SERVICE, new byte[0], Duration.ofMillis(1)).get();
                } catch (ExecutionException timedOut) {
                    // the centre did not answer within 1 ms: silent
                }
                if (uplink.centreAnswering()) continue; // it did answer within 1 ms: no silence to end this round
                silences++;
                uplink.request(Uplink.PING_SERVICE, new byte[0], Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
                assertTrue(uplink.centreAnswering(), "round " + round + ": answered, yet read as silent");
            }
            assertTrue(silences >= 25, "too few rounds made the centre silent: " + silences);
        }
    }

    /**
     * An ack the broker kept in the terminal's session while the terminal was away was sent back
     * then: delivered at the next connect it says nothing about the centre now. Here the centre
     * acks a claim while the terminal is away and then goes away itself; the terminal comes back,
     * gets the kept ack, and must neither take the centre for answering nor, when its pings go
     * unanswered, report a spell of answering ended (it would record that moment as its last
     * contact, and the time offline would start again from there).
     */
    @Test
    void anAckKeptByTheBrokerWhileTheTerminalWasAwayIsNotTheCentreHeardNow() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T10")) {
            Uplink first = connect(t, Duration.ofHours(1), Duration.ofHours(1));
            heard(first);
            centre.close(); // its persistent subscription stays: the broker keeps the claim for it
            centre = null;
            String k1 = t.append("K1", Terminal.FUND, "{\"n\":1}");
            // published (PUBACK), kept by the broker for the centre's session
            Eventually.await(BOUND, () -> t.outbox.find(k1).orElseThrow().state() == MessageState.SENT, () -> "the claim was not published");
            first.close(); // the terminal goes away (its session, and what the broker keeps for it, stays)

            try (RawMqtt watcher = new RawMqtt(broker.uri(), "acks-watch-T10")) {
                AtomicInteger acks = new AtomicInteger();
                watcher.subscribe(t.topics.acks(), (topic, message) -> acks.incrementAndGet());
                centre = startCentre(); // back while the terminal is away: it acks the claim, and goes for good
                // its ack is on the broker, kept for the terminal's (offline) session; the centre stores a claim before it answers
                Eventually.await(BOUND, () -> acks.get() >= 1, () -> "the centre did not answer the kept claim");
            }
            centre.close();
            centre = null;

            lost.set(0); // what the terminal is told from here on
            Uplink second = connect(t, Duration.ofSeconds(3), Duration.ofHours(1)); // pings every 3 s, each waiting 3 s
            Eventually.await(BOUND, () -> t.backlog() == 0, () -> "the kept ack was not delivered");
            Thread.sleep(4_000); // past the connect's ping, which nobody answers
            assertFalse(second.centreAnswering(), "nothing has come from the centre since the terminal connected");
            assertEquals(0, lost.get(), "the centre was not heard since connecting: no spell of answering ended");
        }
    }

    /**
     * A centre gone behind a live broker that keeps its session: claims are taken (PUBACK) and
     * kept for it, and only its answers stop. With the heartbeat an hour off, the claim left
     * unanswered for the claim wait (the ping's 10 s) makes the uplink ping at once, and the
     * unanswered ping makes the centre silent: offline limits apply within seconds, not at the
     * next heartbeat (bbsoak, 2026-12-05: a 66 s centre outage went unnoticed).
     */
    @Test
    void claimsLeftUnansweredBehindALiveBrokerMakeTheCentreSilentBeforeTheHeartbeat() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T11")) {
            Uplink uplink = connect(t, Duration.ofHours(1));
            heard(uplink);
            t.append("K0", Terminal.FUND, "{\"n\":0}");
            Eventually.await(BOUND, () -> t.backlog() == 0, () -> "the first claim was not answered");
            Thread.sleep(11_000); // longer than the claim wait, with every claim answered: no reason to ask
            assertTrue(uplink.centreAnswering(), "answered claims are no sign of silence");

            centre.close(); // its persistent subscription stays: the broker keeps claims for it
            centre = null;
            t.append("K1", Terminal.FUND, "{\"n\":1}");
            Eventually.await(Duration.ofSeconds(45), () -> !uplink.centreAnswering(),
                    () -> "a claim left unanswered did not make the uplink ask the centre");
            // the silence shows (CentreHearing) a moment before the timer's thread tells the terminal of it
            Eventually.await(BOUND, () -> lost.get() >= 1, () -> "the terminal was not told the centre stopped answering");
            assertEquals(1, lost.get(), "the terminal was told the centre stopped answering, once");
            assertTrue(uplink.connected(), "the broker is still there");
        }
    }

    /**
     * A request the silent centre leaves unanswered: the terminal is told before the request's
     * future completes, so a 1101 that found the centre silent answers with the silence already
     * recorded (its time offline counts from that moment, even if the clock is far on by the time
     * the uplink's worker would have got to it).
     */
    @Test
    void theSilenceOfAnUnansweredRequestIsToldBeforeTheAskerStopsWaiting() throws Exception {
        centre = startCentre();
        try (Terminal t = new Terminal(dir, "T07")) {
            Uplink uplink = connect(t, Duration.ofHours(1));
            heard(uplink);
            centre.close();
            centre = null;
            CompletableFuture<byte[]> unanswered = uplink.request("person", new byte[0], Duration.ofMillis(300));
            assertThrows(ExecutionException.class, () -> unanswered.get(5, TimeUnit.SECONDS));
            assertEquals(1, lost.get(), "told when the wait ended");
        }
    }

    private ReferenceCentre startCentre() throws Exception {
        return ReferenceCentre.start(CentreConfig.of(broker.uri(), "c1"), store, Clock.systemUTC());
    }

    /** Connects with a 3 s ack timeout and the given heartbeat, counting what the terminal is told. */
    private Uplink connect(Terminal t, Duration heartbeat) {
        return connect(t, heartbeat, Duration.ofSeconds(3));
    }

    private Uplink connect(Terminal t, Duration heartbeat, Duration ackTimeout) {
        Uplink uplink = t.connect(UplinkConfig.of(broker.uri(), t.topics).withAckTimeout(ackTimeout).withHeartbeat(heartbeat));
        uplink.onCentreLost(lost::incrementAndGet);
        uplink.onCentreAnswered(answered::incrementAndGet);
        return uplink;
    }

    /** Waits until the centre has answered a question of the uplink's (so it is heard, not merely unknown). */
    private static void heard(Uplink uplink) {
        Eventually.await(BOUND, () -> uplink.request(Uplink.PING_SERVICE, new byte[0], Duration.ofSeconds(2))
                .get(3, TimeUnit.SECONDS) != null, () -> "the centre did not answer a ping");
    }
}
