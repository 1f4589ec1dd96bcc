package org.yibao.outbox.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.RefusalReason;
import org.yibao.outbox.Refused;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.testing.RawMqtt;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;

/** The outbox, the uplink and the reference centre against a real Mosquitto on a loopback port. */
class UplinkIntegrationTest {

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

    @Test
    void drainsWithBusinessAcksKeepingOrderPerKey() throws Exception {
        try (Terminal t = new Terminal(dir, "T01")) {
            List<String> ids = t.appendMany(60, 7, "S");
            t.connect(broker.uri());
            awaitDrained(t);

            Map<String, StoredClaim> stored = byId(store.all());
            assertEquals(Set.copyOf(ids), stored.keySet());
            for (String id : ids) {
                assertEquals(MessageState.ACKED, t.outbox.find(id).orElseThrow().state());
                assertEquals("ACCEPTED", stored.get(id).status());
            }
            assertOrderedPerKey(store.all());
            UplinkMetrics metrics = t.uplink.metrics();
            assertTrue(metrics.connected());
            assertEquals(0, metrics.backlogCount());
            assertNotNull(metrics.lastAckAt());
        }
    }

    /**
     * The resend after a reconnect needs the outbox's write lock. While another writer holds it past
     * the busy timeout, each new connection is given up before the next is tried: none is left open
     * for the broker to take over from the next attempt (a client and its threads left behind).
     */
    @Test
    void aConnectionWhoseResendCannotBeWrittenIsClosedBeforeTheNextAttempt() throws Exception {
        try (Terminal t = new Terminal(dir, "T26")) {
            List<String> ids = t.appendMany(5, 5, "L");
            t.connect(broker.uri());
            awaitDrained(t);
            try (java.sql.Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("T26.db"))) {
                lock.createStatement().execute("BEGIN IMMEDIATE");
                broker.restart();
                Eventually.await(BOUND, () -> String.valueOf(t.uplink.metrics().lastError()).startsWith("上传线程出错"),
                        () -> "the resend never failed: " + metricsOf(t));
                Thread.sleep(SqliteDatabase.BUSY_TIMEOUT_MS + 2_000); // a second attempt fails the same way
                lock.createStatement().execute("COMMIT");
            }
            Eventually.await(BOUND, () -> t.uplink.connected(), () -> "not connected again: " + metricsOf(t));
            ids.add(t.append("L9", Terminal.SELF_PAY, "{}"));
            awaitDrained(t);
            assertFalse(broker.log().contains("T26 already connected"),
                    "a connection was left open and taken over by the next: " + broker.log());
        }
    }

    @Test
    void brokerDownBeforeAndDuringTheDrainLosesNothing() throws Exception {
        broker.stop();
        try (Terminal t = new Terminal(dir, "T02")) {
            List<String> ids = new java.util.ArrayList<>(t.appendMany(100, 10, "A"));
            t.connect(broker.uri());
            Eventually.await(BOUND, () -> t.uplink.metrics().lastError() != null, () -> "no connect error reported");
            assertTrue(t.uplink.metrics().lastError().matches("第 \\d+ 次连接消息服务器 \\S+ 失败：无法建立连接（服务器未运行，或地址、端口不对）"),
                    "the centre's status shows the technician why, in Chinese: " + t.uplink.metrics().lastError());
            assertEquals(100, t.uplink.metrics().backlogCount());

            broker.startAgain();
            Eventually.await(BOUND, () -> store.count() >= 30, () -> "drain did not start");
            broker.kill();
            ids.addAll(t.appendMany(100, 10, "B"));
            Eventually.await(BOUND, () -> !t.uplink.connected(), () -> "loss not noticed");
            String lost = t.uplink.metrics().lastError();
            assertTrue(lost.startsWith("与消息服务器的连接断开：") || lost.startsWith("第 "), "a loss in Chinese: " + lost);
            broker.startAgain();
            awaitDrained(t);

            List<StoredClaim> all = store.all();
            assertEquals(Set.copyOf(ids), byId(all).keySet(), "every message exactly once in the centre's store");
            assertEquals(ids.size(), all.size());
            assertOrderedPerKey(all);
            assertTrue(t.uplink.metrics().reconnects() >= 2);
        }
    }

    /**
     * After a broker restart Mosquitto keeps the centre's session but not its shared subscription,
     * and answers a claim "no matching subscribers" (PUBACK 16): nobody received it. Such a claim
     * stays PENDING and is published again after a short pause, so it reaches the centre soon
     * after the centre subscribes again, not only after the 5 min ack timeout of the field.
     */
    @Test
    void aClaimNobodyIsSubscribedToStaysPendingAndReachesTheCentreOnceItSubscribes() throws Exception {
        centre.close();
        centre = null;
        broker.stop();
        broker.startAgain();
        try (Terminal t = new Terminal(dir, "T20")) {
            t.connect(UplinkConfig.of(broker.uri(), t.topics)); // the field's ack timeout: 5 min
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");
            String id = t.append("S1", Terminal.FUND, "{\"settle\":1}");
            Eventually.await(BOUND, () -> String.valueOf(t.uplink.metrics().lastError()).contains("PUBACK 16"),
                    () -> "not published, or not told apart: " + metricsOf(t));
            assertEquals(MessageState.PENDING, state(t, id), "nobody received it: not SENT");

            centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), store, Clock.systemUTC());
            Eventually.await(Duration.ofSeconds(90), () -> state(t, id) == MessageState.ACKED,
                    () -> "not delivered well before the ack timeout: " + metricsOf(t));
            assertEquals(1, store.count());
        }
    }

    @Test
    void brokerRestartWhileMessagesAreUnanswered() throws Exception {
        try (Terminal t = new Terminal(dir, "T03")) {
            t.connect(broker.uri());
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");
            centre.close();
            centre = null;
            List<String> ids = t.appendMany(40, 40, "R");
            Eventually.await(BOUND, () -> t.outbox.stats(org.yibao.outbox.Lane.MESSAGES).count() == 40
                    && t.outbox.find(ids.getLast()).orElseThrow().state() == MessageState.SENT, () -> "not all SENT");
            broker.restart();
            centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a2"), store, Clock.systemUTC());
            awaitDrained(t);
            assertEquals(Set.copyOf(ids), byId(store.all()).keySet());
        }
    }

    @Test
    void duplicatesAreStoredOnceAndAnsweredTheSameDuplicateAcksAreHarmless() throws Exception {
        try (Terminal t = new Terminal(dir, "T04"); RawMqtt raw = new RawMqtt(broker.uri(), "dup-tester")) {
            String rejectedId = "T04-2";
            store.rejectId(rejectedId, "E77", "重复结算");
            List<String> ids = t.appendMany(3, 3, "D");
            t.connect(broker.uri());
            awaitAnswered(t, ids);

            List<Ack> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
            raw.subscribe(t.topics.acks(), (topic, message) -> org.yibao.outbox.wire.AckBatch.decode(message.getPayload()).ifPresent(acks::addAll));
            StoredMessage first = t.outbox.find(ids.getFirst()).orElseThrow();
            byte[] copy = WireCodec.encode(new Envelope(1, first.id(), "T04", first.type(), first.messageClass(),
                    first.lane().name(), first.orderKey(), first.createdAt().toEpochMilli(), 9, first.payload()));
            StoredMessage rejected = t.outbox.find(rejectedId).orElseThrow();
            byte[] rejectedCopy = WireCodec.encode(new Envelope(1, rejectedId, "T04", rejected.type(), rejected.messageClass(),
                    rejected.lane().name(), rejected.orderKey(), rejected.createdAt().toEpochMilli(), 9, rejected.payload()));
            raw.publish(t.topics.lane(org.yibao.outbox.Lane.MESSAGES), copy);
            raw.publish(t.topics.lane(org.yibao.outbox.Lane.MESSAGES), copy);
            raw.publish(t.topics.lane(org.yibao.outbox.Lane.MESSAGES), rejectedCopy);
            Eventually.await(BOUND, () -> acks.size() >= 3, () -> "acks to duplicates: " + acks);

            assertEquals(3, store.count());
            assertEquals(3, store.find(first.id()).orElseThrow().deliveries());
            assertEquals(Set.of(Ack.Status.ACCEPTED), acks.stream().filter(a -> a.id().equals(first.id())).map(Ack::status).collect(Collectors.toSet()));
            Ack again = acks.stream().filter(a -> a.id().equals(rejectedId)).findFirst().orElseThrow();
            assertEquals(Ack.Status.REJECTED, again.status());
            assertEquals("E77", again.code(), "a duplicate gets the same answer as the original");

            raw.publish(t.topics.acks(), WireCodec.encode(new Ack(1, first.id(), Ack.Status.REJECTED, "X", "late lie", "zz", 0)));
            raw.publish(t.topics.acks(), "not json".getBytes(UTF_8));
            Eventually.await(BOUND, () -> t.uplink.metrics().lastError() != null
                    && t.uplink.metrics().lastError().contains("unreadable ack"), () -> "garbage ack not reported");
            assertEquals(MessageState.ACKED, t.outbox.find(first.id()).orElseThrow().state(), "an answered message keeps its answer");
            assertEquals(MessageState.REJECTED, t.outbox.find(rejectedId).orElseThrow().state());
        }
    }

    /**
     * A backlog travels in batches (one publish, a JSON array of envelopes, at most the
     * configured size); the centre stores and answers each message of a batch on its own. With
     * a batch size of 1 every publish is one envelope, as before batches.
     */
    @Test
    void aBacklogTravelsInBatchesAndEachMessageIsAnsweredOnItsOwn() throws Exception {
        for (int batchMax : new int[] {16, 1}) {
            String device = "TB" + batchMax;
            try (Terminal t = new Terminal(dir, device); RawMqtt raw = new RawMqtt(broker.uri(), "batch-watcher-" + batchMax)) {
                List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
                raw.subscribe(t.topics.lane(org.yibao.outbox.Lane.MESSAGES), (topic, message) -> {
                    byte[] payload = message.getPayload();
                    List<java.util.Optional<Envelope>> envelopes = org.yibao.outbox.wire.EnvelopeCodec.decodeAll(payload);
                    sizes.add(payload[0] == '[' ? envelopes.size() : -1); // -1: a lone envelope, not an array
                    envelopes.forEach(e -> published.add(e.orElseThrow().id()));
                });
                List<String> ids = t.appendMany(100, 100, "K");
                t.connect(UplinkConfig.of(broker.uri(), t.topics).withAckTimeout(Duration.ofSeconds(3))
                        .withCatchUp(10_000, 1_000).withBatch(batchMax));
                awaitDrained(t);
                Eventually.await(BOUND, () -> Set.copyOf(published).containsAll(ids), () -> "watcher saw " + published.size());

                assertEquals(Set.copyOf(ids), byId(store.all().stream().filter(c -> c.id().startsWith(device + "-")).toList()).keySet());
                for (String id : ids) {
                    assertEquals(MessageState.ACKED, state(t, id));
                }
                if (batchMax == 1) {
                    assertEquals(Set.of(-1), Set.copyOf(sizes), "one envelope per publish: " + sizes);
                } else {
                    assertTrue(sizes.stream().allMatch(n -> n == -1 || (n >= 2 && n <= batchMax)), sizes.toString());
                    assertTrue(sizes.stream().anyMatch(n -> n > 1), "no batch published: " + sizes);
                }
            }
        }
    }

    /**
     * On one connection, with acks well inside their timeout, every message is published once: the
     * read-ahead refills while a batch is being gathered, and the refill must not hand out again
     * the messages already taken into that batch (still PENDING, not yet in flight), which it did,
     * so runs of messages reached the centre twice.
     */
    @Test
    void aBacklogIsPublishedOnceWhenNothingIsLost() throws Exception {
        try (Terminal t = new Terminal(dir, "TO1"); RawMqtt raw = new RawMqtt(broker.uri(), "once-watcher")) {
            Map<String, Integer> published = new java.util.concurrent.ConcurrentHashMap<>();
            raw.subscribe(t.topics.lane(org.yibao.outbox.Lane.MESSAGES), (topic, message) ->
                    org.yibao.outbox.wire.EnvelopeCodec.decodeAll(message.getPayload())
                            .forEach(e -> published.merge(e.orElseThrow().id(), 1, Integer::sum)));
            List<String> ids = t.appendMany(2_000, 2_000, "O");
            t.connect(UplinkConfig.of(broker.uri(), t.topics).withAckTimeout(Duration.ofSeconds(60))
                    .withCatchUp(100_000, 10_000).withBatch(32));
            awaitDrained(t);
            Eventually.await(BOUND, () -> published.keySet().containsAll(ids), () -> "watcher saw " + published.size());
            assertEquals(1, t.uplink.metrics().reconnects(), "one connection all along");
            Map<String, Integer> twice = new java.util.TreeMap<>();
            published.forEach((id, n) -> { if (n > 1) twice.put(id, n); });
            assertEquals(Map.of(), twice, "published more than once");
        }
    }

    /**
     * A broker with a small maximum packet size (its CONNACK says 8 KB): batches stay under it,
     * so nothing is refused and the backlog drains (a 32-message batch of these 1.5 KB messages
     * would be about 64 KB, which the broker answers by closing the connection, forever). A
     * message no packet can carry is set aside for an operator (NEEDS_ATTENTION, E_TOO_LARGE),
     * holding only its own order key.
     */
    @Test
    void batchesStayUnderTheBrokersMaximumPacketSize() throws Exception {
        try (MosquittoBroker small = MosquittoBroker.start(dir.resolve("small-broker"), List.of("max_packet_size 8192"));
             SqliteDatabase smallDb = SqliteDatabase.open(dir.resolve("small-centre.db"));
             Terminal t = new Terminal(dir, "TP1");
             RawMqtt raw = new RawMqtt(small.uri(), "packet-watcher")) {
            ClaimStore smallStore = ClaimStore.open(smallDb);
            try (ReferenceCentre smallCentre = ReferenceCentre.start(CentreConfig.of(small.uri(), "p"), smallStore, Clock.systemUTC())) {
                List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
                raw.subscribe(t.topics.lane(org.yibao.outbox.Lane.MESSAGES), (topic, message) -> sizes.add(message.getPayload().length));
                List<String> ids = new java.util.ArrayList<>();
                String tooLarge = t.append("BIG", Terminal.SELF_PAY, "{\"pad\":\"" + "y".repeat(10_000) + "\"}");
                String behindIt = t.append("BIG", Terminal.SELF_PAY, "{\"after\":1}");
                for (int i = 0; i < 40; i++) {
                    ids.add(t.append("P" + i, Terminal.SELF_PAY, "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(1500) + "\"}"));
                }
                t.connect(UplinkConfig.of(small.uri(), t.topics).withAckTimeout(Duration.ofSeconds(3)).withCatchUp(10_000, 1_000));
                Eventually.await(BOUND, () -> t.backlog() == 2, () -> "backlog not drained");

                StoredMessage setAside = t.outbox.find(tooLarge).orElseThrow();
                assertEquals(MessageState.NEEDS_ATTENTION, setAside.state());
                assertEquals(Uplink.UNSENDABLE_CODE, setAside.resultCode());
                assertTrue(setAside.resultReason().contains("8192"), setAside.resultReason());
                assertEquals(MessageState.PENDING, state(t, behindIt), "its key's next message waits behind it");
                assertEquals(1, t.uplink.metrics().needsAttention());

                assertEquals(Set.copyOf(ids), byId(smallStore.all()).keySet());
                assertTrue(sizes.stream().allMatch(n -> n <= 8192), "a publish over the broker's limit: " + sizes);
                assertTrue(sizes.size() < ids.size(), "still batched: " + sizes.size() + " publishes");
                assertEquals(1, t.uplink.metrics().reconnects(), "never refused and reconnected");
            }
        }
    }

    /**
     * The centre's acks to one device gather into one message (up to 200, about 100 bytes
     * each), but under the maximum packet size the broker's CONNACK states (8 KB here): the
     * broker closes the connection of a client that sends a larger packet, so the answers in it
     * were lost, the device published the messages again after its ack timeout and they were
     * answered in as large a message, again: the backlog never drained.
     */
    @Test
    void theCentresAcksStayUnderTheBrokersMaximumPacketSize() throws Exception {
        try (MosquittoBroker small = MosquittoBroker.start(dir.resolve("small-broker"), List.of("max_packet_size 8192"));
             SqliteDatabase smallDb = SqliteDatabase.open(dir.resolve("small-centre.db"));
             Terminal t = new Terminal(dir, "TA1");
             RawMqtt raw = new RawMqtt(small.uri(), "ack-watcher")) {
            ClaimStore smallStore = ClaimStore.open(smallDb);
            try (ReferenceCentre smallCentre = ReferenceCentre.start(CentreConfig.of(small.uri(), "p"), smallStore, Clock.systemUTC())) {
                List<Integer> answersPerMessage = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
                raw.subscribe(t.topics.acks(), (topic, message) -> {
                    sizes.add(message.getPayload().length);
                    answersPerMessage.add(org.yibao.outbox.wire.AckBatch.decode(message.getPayload()).orElseThrow().size());
                });
                List<String> ids = t.appendMany(1_000, 1_000, "A");
                t.connect(UplinkConfig.of(small.uri(), t.topics).withAckTimeout(Duration.ofSeconds(3)).withCatchUp(100_000, 10_000)
                        .withBatch(64));
                Eventually.await(BOUND, () -> t.backlog() == 0, () -> "backlog left: " + metricsOf(t) + "\nbroker log: " + small.log());

                assertTrue(sizes.stream().allMatch(n -> n <= 8192 - 1024), "an acks message over the broker's limit: " + sizes);
                assertTrue(answersPerMessage.stream().anyMatch(n -> n > 1), "acks still gather: " + answersPerMessage);
                assertEquals(Set.copyOf(ids), byId(smallStore.all()).keySet());
                assertFalse(small.log().contains("centre-p disconnected due to oversize packet"), "the centre lost its connection: "
                        + small.log());
            }
        }
    }

    /**
     * A batch with a forged and an unreadable element: the forged one (another device's id) is
     * rejected, the unreadable one cannot be answered, and the others are accepted.
     */
    @Test
    void oneBadElementOfABatchDoesNotHoldUpTheOthers() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker.uri(), "batch-forger")) {
            Topics topics = new Topics("370100", "P37010000001", "T09");
            List<Ack> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
            raw.subscribe(topics.acks(), (topic, message) -> org.yibao.outbox.wire.AckBatch.decode(message.getPayload()).ifPresent(acks::addAll));
            String good1 = new String(WireCodec.encode(new Envelope(1, "T09-1", "T09", "claim.test", "SELF_PAY", "MESSAGES", "A", 0, 1,
                    "{}".getBytes(UTF_8))), UTF_8);
            String forged = new String(WireCodec.encode(new Envelope(1, "T77-1", "T77", "claim.test", "SELF_PAY", "MESSAGES", "B", 0, 1,
                    "{}".getBytes(UTF_8))), UTF_8);
            String good2 = new String(WireCodec.encode(new Envelope(1, "T09-2", "T09", "claim.test", "SELF_PAY", "MESSAGES", "C", 0, 1,
                    "{}".getBytes(UTF_8))), UTF_8);
            long unreadableBefore = centre.unreadable();
            raw.publish(topics.lane(org.yibao.outbox.Lane.MESSAGES),
                    ("[" + good1 + "," + forged + ",{\"id\":\"T09-3\",\"payload\":\"not base64!\"}," + good2 + "]").getBytes(UTF_8));
            Eventually.await(BOUND, () -> acks.size() >= 3, () -> "acks: " + acks);

            Map<String, Ack.Status> status = acks.stream().collect(Collectors.toMap(Ack::id, Ack::status, (a, b) -> a));
            assertEquals(Map.of("T09-1", Ack.Status.ACCEPTED, "T77-1", Ack.Status.REJECTED, "T09-2", Ack.Status.ACCEPTED), status);
            assertEquals(unreadableBefore + 1, centre.unreadable());
            assertEquals(java.util.Optional.empty(), store.find("T09-3"));
        }
    }

    /**
     * A claim sent on another device's topic with this device's next id is refused (E_DEVICE)
     * but not stored under that id, so this device's own claim with that id is stored and
     * accepted, not answered with the forged one's refusal.
     */
    @Test
    void aForgedClaimUnderAnotherDevicesIdDoesNotPoisonTheRealOne() throws Exception {
        try (Terminal t = new Terminal(dir, "T12"); RawMqtt rogue = new RawMqtt(broker.uri(), "rogue-claims")) {
            Topics fake = new Topics("370100", "P37010000001", "FAKE01");
            List<Ack> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
            rogue.subscribe(fake.acks(), (topic, message) -> org.yibao.outbox.wire.AckBatch.decode(message.getPayload()).ifPresent(acks::addAll));
            rogue.publish(fake.lane(org.yibao.outbox.Lane.MESSAGES), WireCodec.encode(new Envelope(1, "T12-1", "FAKE01", "claim.test",
                    "SELF_PAY", "MESSAGES", null, 0, 1, "{\"forged\":1}".getBytes(UTF_8))));
            Eventually.await(BOUND, () -> !acks.isEmpty(), () -> "the forged claim was not answered");
            assertEquals(Ack.Status.REJECTED, acks.getFirst().status());
            assertEquals("E_DEVICE", acks.getFirst().code());

            String id = t.append(null, Terminal.SELF_PAY, "{\"real\":1}");
            assertEquals("T12-1", id);
            t.connect(broker.uri());
            awaitDrained(t);
            assertEquals(MessageState.ACKED, state(t, id), "the real claim is accepted, not answered with the forged one's refusal");
            StoredClaim stored = store.find(id).orElseThrow();
            assertEquals("T12", stored.device());
            assertEquals("ACCEPTED", stored.status());
            assertEquals("{\"real\":1}", new String(stored.payload(), UTF_8));
        }
    }

    /**
     * The centre refuses a message without a type, and what the check it was started with
     * refuses (told the topic's device and lane), answering REJECTED with the code and storing
     * nothing; a check that throws refuses too. What passes is stored as before.
     */
    @Test
    void aMessageWithoutATypeOrRefusedByTheCentresCheckIsAnsweredAndNotStored() throws Exception {
        centre.close();
        List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();
        centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), store, (from, lane, envelope) -> {
            checked.add(from.base() + " " + lane + " " + envelope.id());
            String text = new String(envelope.payload(), UTF_8);
            if (text.equals("boom")) {
                throw new IllegalStateException("a broken check");
            }
            return text.startsWith("{") ? java.util.Optional.empty()
                    : java.util.Optional.of(new org.yibao.outbox.centre.ClaimCheck.Refusal("E_PAYLOAD", "报文内容不是 JSON 对象"));
        }, Clock.systemUTC());
        try (RawMqtt raw = new RawMqtt(broker.uri(), "checked-sender")) {
            Topics topics = new Topics("370100", "P37010000001", "T13");
            Map<String, Ack> acks = new java.util.concurrent.ConcurrentHashMap<>();
            raw.subscribe(topics.acks(), (topic, message) -> org.yibao.outbox.wire.AckBatch.decode(message.getPayload())
                    .ifPresent(list -> list.forEach(a -> acks.put(a.id(), a))));
            raw.publish(topics.lane(org.yibao.outbox.Lane.MESSAGES), WireCodec.encode(new Envelope(1, "T13-1", "T13", null, "SELF_PAY",
                    "MESSAGES", null, 0, 1, "{}".getBytes(UTF_8))));
            raw.publish(topics.lane(org.yibao.outbox.Lane.MESSAGES), WireCodec.encode(new Envelope(1, "T13-2", "T13", "claim.test",
                    "SELF_PAY", "MESSAGES", null, 0, 1, "not json".getBytes(UTF_8))));
            raw.publish(topics.lane(org.yibao.outbox.Lane.CONTROL), WireCodec.encode(new Envelope(1, "T13-3", "T13", "claim.test",
                    "CONTROL", "CONTROL", null, 0, 1, "boom".getBytes(UTF_8))));
            raw.publish(topics.lane(org.yibao.outbox.Lane.CONTROL), WireCodec.encode(new Envelope(1, "T13-4", "T13", "claim.test",
                    "CONTROL", "CONTROL", null, 0, 1, "{}".getBytes(UTF_8))));
            Eventually.await(BOUND, () -> acks.size() >= 4, () -> "answers: " + acks);

            assertEquals("E_TYPE", acks.get("T13-1").code());
            assertEquals("E_PAYLOAD", acks.get("T13-2").code());
            assertEquals("报文内容不是 JSON 对象", acks.get("T13-2").reason());
            assertEquals("E_CHECK", acks.get("T13-3").code());
            for (String id : List.of("T13-1", "T13-2", "T13-3")) {
                assertEquals(Ack.Status.REJECTED, acks.get(id).status(), id);
                assertEquals(java.util.Optional.empty(), store.find(id), id + " stored");
            }
            assertEquals(Ack.Status.ACCEPTED, acks.get("T13-4").status());
            assertEquals("CONTROL", laneOf("T13-4"));
            assertEquals(3, centre.refused());
            assertEquals(Set.of("yb/370100/P37010000001/T13 MESSAGES T13-2", "yb/370100/P37010000001/T13 CONTROL T13-3",
                    "yb/370100/P37010000001/T13 CONTROL T13-4"), Set.copyOf(checked), "the check sees the topic's device and lane");
        }
    }

    /**
     * A rogue client's ack on the device's acks topic for a message never published (a reversal
     * held behind its unanswered settlement) changes nothing: the reversal is still published
     * after its settlement was answered, reaches the centre and is acked by it.
     */
    @Test
    void aForgedAckForAMessageNeverPublishedChangesNothing() throws Exception {
        centre.close();
        centre = null;
        try (Terminal t = new Terminal(dir, "T10"); RawMqtt rogue = new RawMqtt(broker.uri(), "rogue-acks")) {
            t.connect(broker.uri());
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");
            String settle = t.append("S1", Terminal.FUND, "{\"settle\":1}");
            String reverse = t.append("S1", Terminal.FUND, "{\"reverse\":1}");
            Eventually.await(BOUND, () -> state(t, settle) == MessageState.SENT, () -> "settlement not published");

            rogue.publish(t.topics.acks(), WireCodec.encode(new Ack(1, reverse, Ack.Status.ACCEPTED, "0", "", "rogue", 0)));
            rogue.publish(t.topics.acks(), "not json".getBytes(UTF_8)); // arrives after the forged ack
            Eventually.await(BOUND, () -> String.valueOf(t.uplink.metrics().lastError()).contains("unreadable ack"),
                    () -> "the acks were not read");
            Thread.sleep(500); // an answer is committed at once, not held
            StoredMessage held = t.outbox.find(reverse).orElseThrow();
            assertEquals(MessageState.PENDING, held.state(), "a forged ack for a message never published");
            assertEquals(0, held.attempts());

            centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), store, Clock.systemUTC());
            awaitDrained(t);
            assertEquals(MessageState.ACKED, state(t, reverse));
            StoredClaim stored = store.find(reverse).orElseThrow(() -> new AssertionError("the reversal never reached the centre"));
            assertTrue(stored.arrival() > store.find(settle).orElseThrow().arrival(), "after its settlement");
        }
    }

    /**
     * An ack kept on the broker as a retained message (a rogue's) is not obeyed when the device
     * subscribes: the message, published once before, is published again and answered by the
     * centre.
     */
    @Test
    void aRetainedAckIsIgnored() throws Exception {
        centre.close();
        centre = null;
        try (Terminal t = new Terminal(dir, "T11"); RawMqtt rogue = new RawMqtt(broker.uri(), "rogue-retained")) {
            String id = t.append(null, Terminal.SELF_PAY, "{\"n\":1}");
            t.outbox.apply(List.of(new org.yibao.outbox.Outcome.Published(id))); // published by an earlier connection
            rogue.publishRetained(t.topics.acks(), WireCodec.encode(new Ack(1, id, Ack.Status.ACCEPTED, "0", "", "rogue", 0)));

            t.connect(broker.uri());
            Eventually.await(BOUND, () -> state(t, id) == MessageState.ACKED
                    || state(t, id) == MessageState.SENT && t.outbox.find(id).orElseThrow().attempts() >= 2,
                    () -> "not published again: " + metricsOf(t));
            Thread.sleep(500);
            assertEquals(MessageState.SENT, state(t, id), "the retained ack was obeyed");

            centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), store, Clock.systemUTC());
            awaitDrained(t);
            assertTrue(store.find(id).isPresent(), "the centre has it");
        }
    }

    @Test
    void aPoisonedMessageIsRejectedWhileOthersFlow() throws Exception {
        try (Terminal t = new Terminal(dir, "T05")) {
            store.rejectId("T05-3", "E1302", "药品目录编码不存在");
            List<String> ids = t.appendMany(20, 4, "P");
            t.connect(broker.uri());
            awaitAnswered(t, ids);

            StoredMessage poisoned = t.outbox.find("T05-3").orElseThrow();
            assertEquals(MessageState.REJECTED, poisoned.state());
            assertEquals("E1302", poisoned.resultCode());
            assertEquals("药品目录编码不存在", poisoned.resultReason());
            assertEquals(List.of("T05-3"), t.outbox.needingAttention(10).stream().map(StoredMessage::id).toList());
            assertEquals(19, ids.stream().filter(id -> state(t, id) == MessageState.ACKED).count(),
                    "every other message, including those behind it on its key, was accepted");
            assertEquals(1, t.uplink.metrics().rejected());
        }
    }

    @Test
    void backlogLimitRefusesFundPayingMessagesButNotSelfPayUntilTheCentreCatchesUp() throws Exception {
        broker.stop();
        try (Terminal t = new Terminal(dir, "T06", OutboxPolicy.defaults().withCounts(5, 8))) {
            t.connect(broker.uri());
            for (int i = 0; i < 5; i++) {
                t.append("F" + i, Terminal.FUND, "fund " + i);
            }
            Refused refused = assertInstanceOf(Refused.class, t.outbox.mayAppend(Terminal.FUND));
            assertEquals(RefusalReason.BACKLOG_COUNT, refused.reason());
            assertTrue(t.outbox.mayAppend(Terminal.SELF_PAY).admitted());
            t.append("X", Terminal.SELF_PAY, "self pay");
            assertTrue(t.outbox.mayAppend(Terminal.CONTROL).admitted());
            assertEquals(6, t.uplink.metrics().backlogCount());

            broker.startAgain();
            awaitDrained(t);
            assertTrue(t.outbox.mayAppend(Terminal.FUND).admitted());
        }
    }

    @Test
    void controlLaneAndRequestResponse() throws Exception {
        centre.handle("echo", body -> ("echo:" + new String(body, UTF_8)).getBytes(UTF_8));
        centre.handle("slow", body -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return body;
        });
        try (Terminal t = new Terminal(dir, "T07")) {
            ExecutionException offline = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> t.connect(broker.uri()).request("echo", new byte[0], Duration.ofSeconds(1)).get());
            assertInstanceOf(UplinkUnavailableException.class, offline.getCause(), "requests are not queued while offline");
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");

            String control = t.append(null, Terminal.CONTROL, "{\"signIn\":true}");
            byte[] answer = t.uplink.request("echo", "42".getBytes(UTF_8), Duration.ofSeconds(20)).get();
            assertEquals("echo:42", new String(answer, UTF_8));
            ExecutionException slow = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> t.uplink.request("slow", new byte[1], Duration.ofMillis(300)).get());
            assertInstanceOf(TimeoutException.class, slow.getCause());

            awaitAnswered(t, List.of(control));
            assertEquals("CONTROL", laneOf(control), "control traffic travels in its own lane and topic");
        }
    }

    /**
     * A broker that lets a client have 2 publishes in flight, stalled (SIGSTOP) so that their PUBACKs
     * do not come: a third request is refused by Paho as "too many publishes in progress". It is tried
     * again within its timeout, as claims are, rather than failing at once (the terminal would then
     * answer 1101 from its cache while the centre was there).
     */
    @Test
    void aRequestBeyondTheBrokersInFlightLimitWaitsForASlotWithinItsTimeout() throws Exception {
        try (MosquittoBroker narrow = MosquittoBroker.start(dir.resolve("narrow-broker"), List.of("max_inflight_messages 2"));
             SqliteDatabase narrowDb = SqliteDatabase.open(dir.resolve("narrow-centre.db"));
             ReferenceCentre answering = ReferenceCentre.start(CentreConfig.of(narrow.uri(), "n"), ClaimStore.open(narrowDb), Clock.systemUTC());
             Terminal t = new Terminal(dir, "T27")) {
            answering.handle("echo", body -> ("echo:" + new String(body, UTF_8)).getBytes(UTF_8));
            t.connect(narrow.uri());
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");
            List<java.util.concurrent.CompletableFuture<byte[]>> asked = new ArrayList<>();
            signal("-STOP", narrow.pid());
            try {
                asked.add(t.uplink.request("echo", "0".getBytes(UTF_8), Duration.ofSeconds(20)));
                asked.add(t.uplink.request("echo", "1".getBytes(UTF_8), Duration.ofSeconds(20)));
                Thread.sleep(300); // both written to the socket: Paho counts them in flight
                asked.add(t.uplink.request("echo", "2".getBytes(UTF_8), Duration.ofSeconds(20)));
                Thread.sleep(500);
                assertFalse(asked.get(2).isCompletedExceptionally(), "refused at once: " + asked.get(2));
            } finally {
                signal("-CONT", narrow.pid());
            }
            for (int i = 0; i < asked.size(); i++) {
                assertEquals("echo:" + i, new String(asked.get(i).get(), UTF_8), "request " + i);
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor());
    }

    @Test
    void twoCentreInstancesShareTheLoadAndTheStore() throws Exception {
        try (SqliteDatabase secondDb = SqliteDatabase.open(dir.resolve("centre.db"));
             ReferenceCentre second = ReferenceCentre.start(CentreConfig.of(broker.uri(), "b"), ClaimStore.open(secondDb), Clock.systemUTC());
             Terminal t = new Terminal(dir, "T08")) {
            List<String> ids = t.appendMany(300, 300, "M");
            t.connect(broker.uri());
            awaitDrained(t);
            assertEquals(300, store.count());
            assertTrue(centre.received() > 0 && second.received() > 0,
                    "both instances took part: " + centre.received() + " / " + second.received());
            Set<String> handledBy = store.all().stream().map(StoredClaim::receivedBy).collect(Collectors.toSet());
            assertEquals(Set.of("a", "b"), handledBy);
            assertEquals(Set.copyOf(ids), byId(store.all()).keySet());
        }
    }

    @Test
    void retainedStatusAndLastWill() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker.uri(), "status-watcher"); Terminal t = new Terminal(dir, "T09")) {
            Map<String, String> last = new java.util.concurrent.ConcurrentHashMap<>();
            raw.subscribe(t.topics.status(), (topic, message) -> last.put("status", new String(message.getPayload(), UTF_8)));
            t.connect(broker.uri());
            Eventually.await(BOUND, () -> last.getOrDefault("status", "").contains("\"online\""), () -> "status: " + last);
            t.uplink.close();
            Eventually.await(BOUND, () -> last.getOrDefault("status", "").contains("\"shutdown\""), () -> "status: " + last);
            t.uplink = null;
        }
    }

    private String laneOf(String id) throws SQLException {
        return centreDb.read(c -> {
            try (var s = c.prepareStatement("SELECT lane FROM centre_claim WHERE id = ?")) {
                s.setString(1, id);
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
    }

    private static MessageState state(Terminal t, String id) {
        try {
            return t.outbox.find(id).orElseThrow().state();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitDrained(Terminal t) {
        Eventually.await(BOUND, () -> t.backlog() == 0, () -> "backlog left: " + metricsOf(t) + "\nbroker log: " + broker.log());
    }

    private void awaitAnswered(Terminal t, List<String> ids) {
        Eventually.await(BOUND, () -> ids.stream().noneMatch(id -> state(t, id).unacknowledged()),
                () -> "unanswered: " + ids.stream().filter(id -> state(t, id).unacknowledged()).toList() + " " + metricsOf(t));
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

    private static Map<String, StoredClaim> byId(List<StoredClaim> claims) {
        Map<String, StoredClaim> out = new HashMap<>();
        for (StoredClaim claim : claims) {
            out.put(claim.id(), claim);
        }
        return out;
    }

    /** Within each order key, messages reached the centre in the order they were appended. */
    static void assertOrderedPerKey(List<StoredClaim> inArrivalOrder) {
        Map<String, Long> lastSeq = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (StoredClaim claim : inArrivalOrder) {
            assertTrue(seen.add(claim.id()));
            if (claim.orderKey() == null) {
                continue;
            }
            long seq = Long.parseLong(claim.id().substring(claim.id().lastIndexOf('-') + 1));
            Long previous = lastSeq.put(claim.orderKey(), seq);
            assertTrue(previous == null || previous < seq, "key " + claim.orderKey() + ": " + seq + " arrived after " + previous);
        }
    }
}
