package org.yibao.outbox.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;

/** The uplink under broker faults, against a real Mosquitto, the reference centre and real SQLite files. */
class UplinkFaultsTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    MosquittoBroker broker;
    SqliteDatabase centreDb;
    ClaimStore store;
    ReferenceCentre centre;

    @BeforeEach
    void startBrokerAndCentre() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        centreDb = SqliteDatabase.open(dir.resolve("centre.db"));
        store = ClaimStore.open(centreDb);
        centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), store, Clock.systemUTC());
    }

    @AfterEach
    void stopAll() {
        if (centre != null) {
            centre.close();
        }
        centreDb.close();
        broker.stop();
    }

    /**
     * The broker killed while a full window of publishes waits for its PUBACKs: Paho fails each
     * of them as the connection dies. Those failures are the lost connection's, not publishes the
     * broker refused: once the uplink has reconnected it publishes again at once. It paused 60 s
     * (sixteen failures "in a row" of the publish pause, which only a delivered publish reset),
     * so a broker restart held every claim back a minute after the reconnect.
     */
    @Test
    void aBrokerKilledWithTheWindowFullIsCaughtUpRightAfterTheReconnect() throws Exception {
        try (Terminal t = new Terminal(dir, "TF1")) {
            t.connect(UplinkConfig.of(broker.uri(), t.topics).withBatch(1).withInFlightWindow(16));
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");
            Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(broker.pid())).start();
            assertEquals(0, stop.waitFor(), "SIGSTOP to the broker");
            List<String> ids = t.appendMany(40, 40, "W");
            Eventually.await(BOUND, () -> t.uplink.metrics().inFlight() >= 16, () -> "window not full: " + metricsOf(t));
            broker.kill(); // every publish in flight fails with the connection
            Eventually.await(BOUND, () -> !t.uplink.connected(), () -> "loss not noticed");
            broker.startAgain();
            Eventually.await(BOUND, t.uplink::connected, () -> "never reconnected");

            // The restarted broker has lost the centre's shared subscription until the centre is back: publishes meanwhile
            // are refused 16 (no subscribers) and paused 1, 2, 4, 8 s. 40 s covers that; the 60 s pause of before does not.
            Eventually.await(Duration.ofSeconds(40), () -> t.backlog() == 0,
                    () -> "not caught up 40 s after the reconnect: " + metricsOf(t));
            assertEquals(40, ids.stream().filter(id -> {
                try {
                    return store.find(id).isPresent();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).count());
        }
    }

    /**
     * A connection the broker drops right after each connect (here a second box with the same
     * device id, each connect taking the other's session over) is reconnected with the capped
     * exponential backoff, as a failed connect is: the uplink reconnected at once after every
     * loss, forever (about three connects a second each), and after a loss the first reconnect
     * of a whole fleet came at the same instant, with no jitter.
     */
    @Test
    void connectionsDroppedRightAfterTheConnectBackOff() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Backoff doubling = attempt -> Duration.ofMillis(Math.min(4_000, 250L << Math.min(attempt - 1, 10)));
        try (Terminal a = new Terminal(dir.resolve("a"), "TC1"); Terminal b = new Terminal(dir.resolve("b"), "TC1")) {
            a.uplink = Uplink.start(a.outbox, UplinkConfig.of(broker.uri(), a.topics), Clock.systemUTC(), doubling, payload -> { });
            Eventually.await(BOUND, a.uplink::connected, () -> "never connected");
            b.uplink = Uplink.start(b.outbox, UplinkConfig.of(broker.uri(), b.topics), Clock.systemUTC(), doubling, payload -> { });
            Thread.sleep(8_000);
            long connections = a.uplink.connections() + b.uplink.connections();
            assertTrue(connections <= 14, "two boxes taking each other's session over connected " + connections
                    + " times in 8 s: no backoff after a loss");
        }
    }

    /**
     * A batch stays under the broker's maximum packet size whatever its envelopes carry: an
     * order key of 128 characters, a type of 64 and a class of 32 (what {@link NewMessage} and
     * {@link MessageClass} allow) make each envelope larger than the 300 bytes the batch's
     * estimate allowed, the broker closed the connection on the batch, and the same batch went
     * out after every reconnect: the backlog never drained.
     */
    @Test
    void batchesOfMessagesWithLongKeysAndTypesStayUnderTheBrokersMaximumPacketSize() throws Exception {
        try (MosquittoBroker small = MosquittoBroker.start(dir.resolve("small-broker"), List.of("max_packet_size 8192"));
             SqliteDatabase smallDb = SqliteDatabase.open(dir.resolve("small-centre.db"));
             Terminal t = new Terminal(dir, "TK1")) {
            ClaimStore smallStore = ClaimStore.open(smallDb);
            try (ReferenceCentre smallCentre = ReferenceCentre.start(CentreConfig.of(small.uri(), "p"), smallStore, Clock.systemUTC())) {
                MessageClass longClass = new MessageClass("C".repeat(32), Lane.MESSAGES, false);
                String longType = "claim." + "t".repeat(58);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String key = String.format("%03d", i) + "k".repeat(125);
                    AppendResult result = t.outbox.append(new NewMessage(longType, longClass, key, ("{\"n\":" + i + "}").getBytes(UTF_8)));
                    ids.add(((AppendResult.Appended) result).id());
                }
                t.connect(UplinkConfig.of(small.uri(), t.topics).withAckTimeout(Duration.ofSeconds(3)).withCatchUp(10_000, 1_000));
                Eventually.await(Duration.ofSeconds(30), () -> t.backlog() == 0,
                        () -> "backlog left: " + metricsOf(t) + "\nbroker log: " + small.log());
                assertEquals(40, smallStore.count());
                assertEquals(1, t.uplink.metrics().reconnects(), "never refused and reconnected");
            }
        }
    }

    private static String metricsOf(Terminal t) {
        try {
            return String.valueOf(t.uplink.metrics());
        } catch (SQLException e) {
            return e.toString();
        }
    }
}
