package org.yibao.outbox.centre;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Lane;
import org.yibao.outbox.uplink.Backoff;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.AckBatch;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;

/**
 * The receiving side of the project's REFERENCE centre (a stand-in for the provincial
 * platform, for tests and demos; not the real centre).
 *
 * <p>Promises: subscribes to every device's claims and control lanes and requests through a
 * shared subscription, so several instances behind one broker share the load; through its
 * {@link Reception}, verifies that a message's id and device match its topic, that it has a type, and what its {@link ClaimCheck}
 * checks (a refused message is answered, not stored, so it cannot become the answer to the id's
 * real message); stores each id once in its {@link ClaimStore}
 * (instances may share one SQLite file) and only then acknowledges the MQTT delivery (manual
 * acks), so a crash loses nothing the broker still holds; reads a delivery that carries a batch
 * (a JSON array of envelopes) as its envelopes, each stored and answered on its own; answers every delivery, duplicates
 * included, with the stored business ack on the device's {@code .../acks} topic (the answers
 * to one device that came within {@link #ANSWER_LINGER} travel together as an {@link AckBatch});
 * answers requests with the handler registered for the service. Payloads are opaque to it; the
 * {@link ClaimCheck} it is started with reads them.
 */
public final class ReferenceCentre implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceCentre.class);
    private static final Backoff RECONNECT = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), RandomGenerator.getDefault());
    private static final long ANSWER_RETRY_MILLIS = 30_000;
    private static final int GROUP_MAX = 2_000;
    /** How many deliveries the centre lets the broker have in flight to it (its MQTT v5 receive maximum). */
    static final int RECEIVE_MAXIMUM = 1_000;
    /** At most this many answers to one device in one acks message (about 100 bytes each), and under the broker's maximum packet size. */
    static final int ACKS_PER_MESSAGE = 200;
    /** Room in a packet for its fixed header, topic and properties (as the uplink leaves). */
    static final long PACKET_OVERHEAD = 1024;
    /** How long an answer waits for more answers to its device to travel with it (see {@link AnswerQueue}). */
    static final Duration ANSWER_LINGER = Duration.ofMillis(20);
    /** The centre's code for a message without a type (it could not be routed or read later). */
    public static final String TYPE_REFUSAL = "E_TYPE";
    /** How long the centre waits before storing again a group its store could not take. */
    static final Duration STORE_RETRY = Duration.ofMillis(500);
    /** The code for a message the {@link ClaimCheck} failed on (threw). */
    static final String CHECK_FAILED = "E_CHECK";
    /** The answer to a device's heartbeat ({@code ping}): that the centre is there is all it says. */
    private static final byte[] PONG = "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final CentreConfig config;
    private final ClaimStore store;
    private final Reception reception;
    private final Clock clock;
    private volatile MqttAsyncClient client;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Map<String, java.util.function.BiFunction<Topics, byte[], byte[]>> services = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final Thread worker;
    /** Business acks waiting to be published, by the answer thread (so storing never waits on PUBACKs). */
    private final AnswerQueue answers = new AnswerQueue(ANSWER_LINGER, ACKS_PER_MESSAGE);
    private final Thread answerer;
    private final java.util.concurrent.atomic.AtomicBoolean reconnecting = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean stopping;
    /** The centre's own in-flight window for answers, below the broker's receive maximum (20 in Mosquitto). */
    private final java.util.concurrent.Semaphore answerWindow = new java.util.concurrent.Semaphore(16);
    private final org.eclipse.paho.mqttv5.client.MqttActionListener releaseAnswerSlot = new org.eclipse.paho.mqttv5.client.MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            answerWindow.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            answerWindow.release();
        }
    };

    /**
     * A delivery and the client (connection) that must acknowledge it; {@code device} is the
     * topic's device part (null when the topic is not in the layout) and {@code isRequest}
     * whether it is a {@code .../req/...} topic, both read once on arrival.
     */
    private record Arrival(String topic, MqttMessage message, MqttAsyncClient via, Topics device, boolean isRequest) {
        static Arrival of(String topic, MqttMessage message, MqttAsyncClient via) {
            Topics device = Topics.ofTopic(topic);
            return new Arrival(topic, message, via, device, device != null && topic.startsWith(device.base() + "/req/"));
        }
    }

    private ReferenceCentre(CentreConfig config, ClaimStore store, ClaimCheck check, Clock clock) {
        this.config = config;
        this.store = store;
        this.reception = new Reception(store, check, config.instanceId());
        this.clock = clock;
        this.worker = Thread.ofPlatform().name("centre-" + config.instanceId()).daemon().unstarted(this::run);
        this.answerer = Thread.ofPlatform().name("centre-acks-" + config.instanceId()).daemon().unstarted(this::sendAnswers);
        services.put(org.yibao.outbox.uplink.Uplink.PING_SERVICE, (device, body) -> PONG);
    }

    /** Connects, subscribes and starts answering; messages are opaque to it ({@link ClaimCheck#NONE}). */
    public static ReferenceCentre start(CentreConfig config, ClaimStore store, Clock clock) throws MqttException {
        return start(config, store, ClaimCheck.NONE, clock);
    }

    /** As {@link #start(CentreConfig, ClaimStore, Clock)}, refusing what {@code check} refuses before it is stored. */
    public static ReferenceCentre start(CentreConfig config, ClaimStore store, ClaimCheck check, Clock clock) throws MqttException {
        java.util.Objects.requireNonNull(check, "check");
        ReferenceCentre centre = new ReferenceCentre(config, store, check, clock);
        centre.worker.start();
        centre.answerer.start();
        centre.connect();
        return centre;
    }

    /** The store this instance writes. */
    public ClaimStore store() {
        return store;
    }

    /** Answers requests to {@code service} with {@code handler} (called on the centre's worker). */
    public void handle(String service, UnaryOperator<byte[]> handler) {
        services.put(service, (device, body) -> handler.apply(body));
    }

    /** As {@link #handle(String, UnaryOperator)}, the handler also told which device asked (from the request's topic). */
    public void handleFromDevice(String service, java.util.function.BiFunction<Topics, byte[], byte[]> handler) {
        services.put(service, handler);
    }

    /** Deliveries of claims (and control messages) this instance received, duplicates included; requests (a device's heartbeat among them) are not counted. */
    public long received() {
        return received.get();
    }

    /** Deliveries this instance could not read (no id to answer). */
    public long unreadable() {
        return reception.unreadable();
    }

    /** Messages this instance refused (answered REJECTED, not stored: another device's id, no type, what the check refused). */
    public long refused() {
        return reception.refused();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("centre {} disconnect: {}", config.instanceId(), e.toString());
        }
        try {
            worker.join(5_000);
            answerer.interrupt();
            answerer.join(5_000);
            client.close(true);
        } catch (MqttException | InterruptedException e) {
            LOG.debug("centre {} close: {}", config.instanceId(), e.toString());
        }
    }

    /**
     * Connects a fresh client (Paho's own session state never outlives a connection; the
     * broker's session, with its queued deliveries, does).
     */
    private void connect() throws MqttException {
        MqttAsyncClient fresh = new MqttAsyncClient(config.serverUri(), "centre-" + config.instanceId(), new MemoryPersistence());
        fresh.setManualAcks(true);
        fresh.setCallback(new Callback(fresh));
        try {
            IMqttToken connected = fresh.connect(options());
            connected.waitForCompletion(10_000);
            Long maximumPacket = connected.getResponseProperties() == null ? null
                    : connected.getResponseProperties().getMaximumPacketSize();
            if (maximumPacket != null && maximumPacket > 0) {
                answers.limitBytes(Math.max(1, maximumPacket - PACKET_OVERHEAD)); // the broker closes the connection on a larger packet
            }
            client = fresh;
            subscribe();
        } catch (MqttException | RuntimeException e) {
            closeQuietly(fresh);
            throw e;
        }
    }

    private static void closeQuietly(MqttAsyncClient old) {
        try {
            if (old.isConnected()) {
                old.disconnectForcibly(0, 500, false);
            }
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("closing an old centre client: {}", e.toString());
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        if (config.serverUri().startsWith("tcp://")) {
            options.setSocketFactory(org.yibao.outbox.uplink.NoDelaySocketFactory.INSTANCE);
        }
        return options;
    }

    /** Paho does not reconnect after a server DISCONNECT (e.g. a broker restart), so the centre does. */
    private void reconnectLoop() {
        if (!reconnecting.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("centre-reconnect-" + config.instanceId()).start(() -> {
            try {
                for (int attempt = 1; !stopping && !client.isConnected(); attempt++) {
                    Thread.sleep(RECONNECT.delay(attempt).toMillis());
                    try {
                        closeQuietly(client);
                        connect();
                        LOG.info("centre {} reconnected", config.instanceId());
                    } catch (MqttException e) {
                        LOG.debug("centre {} reconnect attempt {}: {}", config.instanceId(), attempt, e.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reconnecting.set(false);
            }
        });
    }

    private void subscribe() throws MqttException {
        String share = "$share/" + config.shareGroup() + "/";
        client.subscribe(new MqttSubscription[] {
            new MqttSubscription(share + Topics.allDevices(Lane.MESSAGES.topicSegment()), 1),
            new MqttSubscription(share + Topics.allDevices(Lane.CONTROL.topicSegment()), 1),
            new MqttSubscription(share + Topics.allDevices("req/+"), 1),
        }).waitForCompletion(10_000);
    }

    /**
     * Takes groups of deliveries and handles them. A group its store could not take (SQLite busy
     * past its timeout, the disk full) is kept and tried again after {@link #STORE_RETRY}: the
     * broker delivers an unacknowledged message again only on a new connection, so a group let go
     * of would wait for its devices' resends and hold the broker's in-flight slots to this centre.
     */
    private void run() {
        List<Arrival> batch = new ArrayList<>();
        while (!stopping) {
            try {
                if (batch.isEmpty() && !takeGroup(batch)) {
                    continue;
                }
                handleBatch(batch);
                batch = new ArrayList<>();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                LOG.warn("centre {}: storing {} deliveries failed, trying again: {}", config.instanceId(), batch.size(), e.toString());
                if (!pause(STORE_RETRY)) return;
            } catch (RuntimeException e) {
                LOG.warn("centre {}: batch failed, the broker will deliver it again on the next connection", config.instanceId(), e);
                batch = new ArrayList<>();
            }
        }
    }

    /** Fills {@code batch} with the next delivery and those queued behind it; false when none came within 200 ms. */
    private boolean takeGroup(List<Arrival> batch) throws InterruptedException {
        Arrival first = arrivals.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        collectGroup(batch);
        return true;
    }

    /** Sleeps {@code pause}; false when interrupted (the centre is closing). */
    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Group commit without a timer: takes everything that queued up while the previous group
     * was being committed (the broker keeps up to {@link #RECEIVE_MAXIMUM} deliveries in flight
     * to us), so one fsync stores many claims and a lone claim is not held back.
     */
    private void collectGroup(List<Arrival> batch) {
        arrivals.drainTo(batch, GROUP_MAX - batch.size());
    }

    /** The answer thread: publishes business acks in order, within the centre's answer window. */
    private void sendAnswers() {
        while (!stopping || !answers.isEmpty()) {
            List<AnswerQueue.Message> messages;
            try {
                messages = answers.take(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                return;
            }
            for (AnswerQueue.Message message : messages) {
                publishQuietly(message.topic(), message.payload(), null);
            }
        }
    }

    private void handleBatch(List<Arrival> batch) throws SQLException {
        List<Reception.Delivery> deliveries = new ArrayList<>();
        List<Arrival> requests = new ArrayList<>();
        for (Arrival arrival : batch) {
            if (arrival.isRequest()) {
                requests.add(arrival);
            } else {
                deliveries.add(new Reception.Delivery(arrival.topic(), arrival.message().getPayload()));
            }
        }
        List<Reception.Answer> stored = reception.receive(deliveries, clock.millis());
        // stored: the broker may forget the claims now and send the next ones while we answer
        for (Arrival arrival : batch) {
            if (!arrival.isRequest()) {
                complete(arrival);
            }
        }
        Map<String, List<Ack>> byDevice = new java.util.LinkedHashMap<>();
        for (Reception.Answer answer : stored) {
            byDevice.computeIfAbsent(answer.acksTopic(), topic -> new ArrayList<>()).add(answer.ack());
        }
        byDevice.forEach(answers::add);
        for (Arrival request : requests) {
            answer(request);
            complete(request);
        }
    }

    private void answer(Arrival request) {
        MqttProperties in = request.message().getProperties();
        if (in == null || in.getResponseTopic() == null) {
            return;
        }
        String service = request.topic().substring(request.topic().lastIndexOf('/') + 1);
        var handler = services.get(service);
        byte[] body;
        try {
            body = handler == null ? WireCodec.encode(Map.of("error", "unknown service " + service))
                    : handler.apply(request.device(), request.message().getPayload());
        } catch (RuntimeException e) {
            body = WireCodec.encode(Map.of("error", "service " + service + " failed"));
        }
        MqttProperties out = new MqttProperties();
        out.setCorrelationData(in.getCorrelationData());
        publishQuietly(in.getResponseTopic(), body, out);
    }

    /**
     * Publishes an answer, backing off while Paho has too many publishes in flight; if it still
     * cannot, the device publishes again after its ack timeout or reconnect and gets the stored
     * answer then.
     */
    private void publishQuietly(String topic, byte[] payload, MqttProperties properties) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_RETRY_MILLIS);
        while (!stopping) {
            try {
                if (!answerWindow.tryAcquire(ANSWER_RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.info("centre {}: answer on {} not sent: no PUBACKs for {} ms", config.instanceId(), topic, ANSWER_RETRY_MILLIS);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                client.publish(topic, new MqttMessage(payload, 1, false, properties), null, releaseAnswerSlot);
                return;
            } catch (IllegalArgumentException e) {
                // a topic no one may publish to: a request's response topic with a wildcard, or empty
                answerWindow.release();
                LOG.warn("centre {}: answer on {} not sent: {}", config.instanceId(), topic, e.getMessage());
                return;
            } catch (MqttException e) {
                answerWindow.release();
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    LOG.info("centre {}: answer on {} not sent: {}", config.instanceId(), topic, e.getMessage());
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }
    }

    private void complete(Arrival arrival) {
        if (arrival.via() != client || arrival.message().getQos() == 0) {
            return; // its connection is gone; the broker delivers it again on the new one
        }
        try {
            arrival.via().messageArrivedComplete(arrival.message().getId(), arrival.message().getQos());
        } catch (MqttException | RuntimeException e) {
            // a connection lost meanwhile: Paho throws a NullPointerException from its torn-down state. The claim is
            // stored; the broker delivers it again on the next connection and it is answered as a duplicate.
            LOG.debug("centre {}: MQTT ack of {} not sent: {}", config.instanceId(), arrival.message().getId(), e.toString());
        }
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.info("centre {} disconnected: {}", config.instanceId(), response.getReasonString());
            if (!stopping && owner == client) {
                reconnectLoop();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.info("centre {} MQTT error: {}", config.instanceId(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Arrival arrival = Arrival.of(topic, message, owner);
            if (!arrival.isRequest()) received.incrementAndGet();
            arrivals.add(arrival);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // acks are fire-and-forget at QoS 1
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connect() subscribes once the connect token completes
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
