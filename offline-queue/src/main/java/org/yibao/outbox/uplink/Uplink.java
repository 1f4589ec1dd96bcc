package org.yibao.outbox.uplink;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.BacklogStats;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.EnvelopeCodec;

/**
 * Drains an {@link Outbox} to the centre over MQTT v5 and applies the centre's answers.
 *
 * <p>Promises: one worker thread owns all outbox writes and all flow control. It publishes up
 * to {@link UplinkConfig#batchMax()} deliverable messages of a lane in one publish (a batch, see
 * {@link EnvelopeCodec#encodeBatch}; a lone message as a plain envelope), keeps its own
 * in-flight window of publishes (below the broker's receive maximum), treats Paho's "too many publishes in
 * progress" as a signal to back off and retry, paces publishing with a token bucket (the
 * catch-up after a reconnect), reconnects with capped exponential backoff and full jitter
 * (never after {@link #close()}), and after every reconnect publishes again every message that
 * was SENT but not answered. Acks are matched by message id; a duplicate ack changes nothing,
 * nor does an ack for a message never published (see {@link #outcomesOf}), and a retained
 * message on the acks or responses topic (kept on the broker by anyone who may publish there)
 * is ignored.
 * Outcomes (PUBACKs, acks) are group-committed by an {@link OutcomeCommitter} on its own
 * thread, so publishing never waits on an fsync; until its commit an outcome's message is kept
 * out of new batches, and a crash before the commit only means it is published again (the
 * centre deduplicates). Before SENT messages go back to PENDING after a reconnect, every PUBACK
 * learned so far is committed. Payloads are never logged.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** Paho's "too many publishes in progress" (MqttClientException.REASON_CODE_MAX_INFLIGHT). */
    static final int TOO_MANY_PUBLISHES = 32202;
    private static final long THROTTLE_MILLIS = 20;
    /** The result code of a message set aside because no packet the broker accepts can carry it. */
    public static final String UNSENDABLE_CODE = "E_TOO_LARGE";
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** How long a reconnect or a stop waits for the outcomes learned so far to be committed. */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(10);
    /**
     * How long a group of PUBACKs alone waits for the centre's answers to join it (the
     * reference centre lets its answers gather for 20 ms; see OutcomeCommitter).
     */
    static final Duration PUBACK_LINGER = Duration.ofMillis(50);
    /** The centre's service the heartbeat asks; any answer in time is the centre heard. */
    public static final String PING_SERVICE = "ping";
    /** Control traffic first. */
    private static final Lane[] LANES = {Lane.CONTROL, Lane.MESSAGES};

    private final Outbox outbox;
    private final UplinkConfig config;
    private final Clock clock;
    private final Backoff backoff;
    private final Consumer<byte[]> commandHandler;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Messages published and not yet PUBACKed, with their session's generation. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    /** Publishes (each one message or a batch) of the current session not yet PUBACKed: what the window counts. */
    private int publishesInFlight;
    /** Ids with outcomes submitted but not yet committed (and how many); kept out of the next batches. */
    private final Map<String, Integer> uncommitted = new HashMap<>();
    private final OutcomeCommitter committer;
    private final Prefetch prefetch;
    private final RateLimiter rate;
    private final CentreHearing hearing = new CentreHearing();
    private final CentreContact contact;
    private final Requests requests;
    private final BatchGatherer gatherer;
    private final LastError errors;
    private final Thread worker;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    private volatile MqttSession session;
    private volatile boolean stopping;
    /** {@link #publishesInFlight} for {@link #metrics()} (what the window counts, not the messages of the batches). */
    private volatile int inFlightCount;
    private volatile Instant lastAckAt;
    private int generation;
    private final PublishPause pause = new PublishPause();
    private long nextRequeueMillis;
    private long nextPurgeMillis;
    /**
     * Sessions in a row lost within {@link #STABLE_SESSION} of their connect: the backoff's attempt
     * number before the next reconnect, so a connection dropped right after each connect (two boxes
     * with one device id, a balancer that accepts and drops) backs off as failed connects do. The
     * failed connects of an outage count on their own, so a loss soon after a long outage is not
     * held back by that outage's attempts.
     */
    private int quickLosses;
    /** Whether the last session was lost (the next connect is a reconnect, which waits its backoff first). */
    private boolean reconnecting;
    /** {@link System#nanoTime()} when the current session was opened. */
    private long sessionOpenedNanos;
    /** A session lost before it lasted this long counts as a failed connect attempt for the backoff. */
    static final Duration STABLE_SESSION = Duration.ofSeconds(30);

    private Uplink(Outbox outbox, UplinkConfig config, Clock clock, Backoff backoff, Consumer<byte[]> commandHandler) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.backoff = backoff;
        this.commandHandler = commandHandler;
        this.requests = new Requests(hearing, clock, this::centreFellSilent);
        this.rate = new RateLimiter(config.catchUpPerSecond(), config.catchUpBurst(), System::nanoTime);
        this.worker = Thread.ofPlatform().name("uplink-" + config.topics().deviceId()).daemon().unstarted(this::run);
        this.prefetch = new Prefetch(outbox, Math.clamp(4L * config.inFlightWindow(), 64, 512));
        this.errors = new LastError(clock);
        this.contact = new CentreContact(config.heartbeat(), config.pingTimeout());
        this.gatherer = new BatchGatherer(outbox.deviceId(), config.batchMax(), prefetch, rate, this::busy, this::collect, errors);
        this.committer = new OutcomeCommitter(outbox, new CommitListener(), config.pollInterval(), PUBACK_LINGER,
                "uplink-commit-" + config.topics().deviceId());
    }

    /**
     * Starts draining {@code outbox}; returns at once (the first connect happens on the worker).
     * {@code commandHandler} receives payloads on {@code .../commands} and on the area's
     * {@code yb/{admdvs}/area/commands}, on a Paho thread (it must not block).
     */
    public static Uplink start(Outbox outbox, UplinkConfig config, Clock clock, Backoff backoff,
                               Consumer<byte[]> commandHandler) {
        if (!outbox.deviceId().equals(config.topics().deviceId())) {
            throw new IllegalArgumentException("outbox device " + outbox.deviceId() + " != topic device " + config.topics().deviceId());
        }
        Uplink uplink = new Uplink(outbox, config, clock, backoff, commandHandler);
        uplink.worker.start();
        return uplink;
    }

    /** Tells the worker new rows were committed (it also polls every {@code pollInterval}). */
    public void wake() {
        events.add(new Event.Wake());
    }

    /** Whether a broker session is up. */
    public boolean connected() {
        return session != null;
    }

    /**
     * Whether the centre answers, as far as the uplink can tell: a broker session is up and the
     * centre answered a question since it connected (the connect's ping, a person query) with no
     * sign of silence after (see {@link CentreHearing}: a request unanswered in time, claims that
     * reached no subscriber). A broker that is up tells nothing about the centre.
     */
    public boolean centreAnswering() {
        return connected() && hearing.answering();
    }

    /**
     * Runs {@code action} each time the centre, heard since the last connect, stops answering: the
     * connection is lost (on the uplink's worker, before {@link #connected()} turns false), the
     * centre falls silent behind the broker (a request unanswered: on the thread that timed it out,
     * before the request's future completes; claims reaching no subscriber: on the worker), or the
     * uplink is stopped ({@link #close()})
     * while the centre answers (the terminal's last contact is then the stop, not its last question).
     * Replaces the previous action. The terminal counts its time offline from then. An
     * exception from it is logged, not thrown.
     */
    public void onCentreLost(Runnable action) {
        contact.onLost(action);
    }

    /**
     * Runs {@code action} on the uplink's worker at every heartbeat while the centre answers (it
     * answered since the connect, nothing since says otherwise): the terminal records that it was
     * in contact until about then, so a crash or power cut loses at most one heartbeat of it.
     * Replaces the previous action; an exception from it is logged, not thrown.
     */
    public void onCentreAnswered(Runnable action) {
        contact.onAnswered(action);
    }

    /** How many broker sessions were opened so far (grows by one at every connect and reconnect). */
    public long connections() {
        return reconnects.get();
    }

    /** The largest packet this uplink declares to the broker at CONNECT (0: none). */
    public long maxPacketBytes() {
        return config.maxPacketBytes();
    }

    /** Sends a request to the centre's {@code service} and waits at most {@code timeout} for the answer. */
    public CompletableFuture<byte[]> request(String service, byte[] body, Duration timeout) {
        return requests.send(session, config.topics(), service, body, timeout);
    }

    /** The figures the terminal shows; reads the backlog from the database. */
    public UplinkMetrics metrics() throws SQLException {
        BacklogStats messages = outbox.stats(Lane.MESSAGES);
        BacklogStats control = outbox.stats(Lane.CONTROL);
        Duration oldest = messages.oldestAge().compareTo(control.oldestAge()) >= 0 ? messages.oldestAge() : control.oldestAge();
        return new UplinkMetrics(connected(), centreAnswering(), messages.count() + control.count(), messages.bytes() + control.bytes(), oldest,
                messages.needsAttention() + control.needsAttention(), messages.rejected() + control.rejected(),
                inFlightCount, errors.text(), errors.at(), lastAckAt, hearing.silentSince(), reconnects.get(), throttled.get());
    }

    /** Deliberate stop: publishes the retained "offline/shutdown" status, disconnects, never reconnects. */
    @Override
    public void close() {
        stopping = true;
        events.add(new Event.Stop());
        try {
            worker.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopping) {
            try {
                if (session == null) {
                    connect();
                    continue;
                }
                long waitMillis = fill();
                process(waitMillis);
                housekeeping();
            } catch (SQLException | RuntimeException e) {
                errors.record("上传线程出错，稍后重试（" + e + "）");
                LOG.warn("uplink worker error, retrying", e);
                processFor(config.pollInterval());
            }
        }
        if (session != null && hearing.disconnected()) {
            // the centre answered until this deliberate stop: the terminal's last contact is now, not its
            // last answered question (a restart at the end of a long connected closure is not time offline)
            contact.tellLost();
        }
        if (!flush()) {
            LOG.warn("uplink: outcomes not committed at stop; the messages will be published again");
        }
        committer.close();
        MqttSession last = session;
        session = null;
        if (last != null) {
            last.shutdown(config.topics(), clock.millis(), 2_000);
        }
    }

    private void connect() throws SQLException {
        int attempt = 0;
        if (reconnecting) {
            // after a loss too, not only after a failed connect: a fleet that lost its broker together
            // does not come back in the same instant, and a connection dropped at once is not retried at once
            reconnecting = false;
            processFor(backoff.delay(++quickLosses));
        }
        while (!stopping) {
            try {
                MqttSession opened = MqttSession.open(config, ++generation, inbound(), clock.millis());
                inFlight.clear();
                inFlightCount = 0;
                publishesInFlight = 0;
                int requeued = prepareResend(opened);
                prefetch.clear();
                rate.reset();
                pause.reset(); // the last connection's failed publishes failed with it
                sessionOpenedNanos = System.nanoTime();
                reconnects.incrementAndGet(); // counted before it shows: connected() never runs ahead of connections()
                session = opened;
                ping(); // learn at once whether the centre answers behind this broker
                LOG.info("uplink connected to {} (generation {}, broker receive maximum {}, {} unanswered messages to resend)",
                        config.serverUri(), opened.generation(), opened.serverReceiveMaximum(), requeued);
                return;
            } catch (MqttException e) {
                attempt++;
                Duration delay = backoff.delay(attempt);
                String why = PahoReasons.chinese(e, config.serverUri());
                errors.record("第 " + attempt + " 次连接消息服务器 " + config.serverUri() + " 失败：" + why);
                // the first failure of a run of them at WARN (seen at the service's default level), the retries at INFO
                if (attempt == 1) {
                    LOG.warn("uplink: cannot connect to {}: {}; retrying in {} ms", config.serverUri(), why, delay.toMillis());
                } else {
                    LOG.info("uplink connect attempt {} to {} failed: {}; next in {} ms", attempt, config.serverUri(), why, delay.toMillis());
                }
                processFor(delay);
            }
        }
    }

    /**
     * Commits the last session's outcomes and marks its unanswered messages for resending; a new
     * connection that cannot be prepared (e.g. the database busy past its timeout) is closed at once,
     * not left open beside the next attempt's.
     */
    private int prepareResend(MqttSession opened) throws SQLException {
        try {
            if (!flush()) {
                throw new SQLException("outcomes of the last session are not committed yet");
            }
            return outbox.requeueSent();
        } catch (SQLException | RuntimeException e) {
            opened.abandon();
            throw e;
        }
    }

    /** Publishes what the window, the rate and the order keys allow; returns how long to wait for events. */
    private long fill() throws SQLException {
        MqttSession current = session;
        long paused = pause.remaining(clock.millis());
        if (paused > 0) {
            return paused;
        }
        int window = Math.min(config.inFlightWindow(), Math.max(1, current.serverReceiveMaximum() - 2));
        for (Lane lane : LANES) {
            while (publishesInFlight < window) {
                List<StoredMessage> batch = new ArrayList<>();
                boolean rateLimited = gatherer.gather(lane, window, current, batch);
                if (!batch.isEmpty()) {
                    try {
                        publish(current, lane, batch);
                    } catch (MqttException e) {
                        gatherer.pushBack(batch);
                        if (e.getReasonCode() == TOO_MANY_PUBLISHES) {
                            throttled.incrementAndGet();
                            return THROTTLE_MILLIS;
                        }
                        dropSession("publish failed: " + e);
                        return 0;
                    }
                }
                if (rateLimited) {
                    inFlightCount = publishesInFlight;
                    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(rate.nanosUntilNext()));
                }
                if (batch.isEmpty()) {
                    break;
                }
            }
        }
        inFlightCount = publishesInFlight;
        return config.pollInterval().toMillis();
    }

    /** Ids not to hand out now: in flight, or with an outcome not yet committed (kept out of new batches). */
    private Set<String> busy() {
        Set<String> ids = new HashSet<>(inFlight.keySet());
        ids.addAll(uncommitted.keySet());
        return ids;
    }

    /**
     * One publish on {@code lane}'s topic: a single message as one envelope, several as a batch
     * (a JSON array of envelopes); its PUBACK makes every one of them SENT.
     */
    private void publish(MqttSession current, Lane lane, List<StoredMessage> batch) throws MqttException {
        List<Envelope> envelopes = new ArrayList<>(batch.size());
        List<String> ids = new ArrayList<>(batch.size());
        for (StoredMessage message : batch) {
            envelopes.add(new Envelope(Envelope.VERSION, message.id(), outbox.deviceId(), message.type(),
                    message.messageClass(), message.lane().name(), message.orderKey(), message.createdAt().toEpochMilli(),
                    message.attempts() + 1, message.payload()));
            ids.add(message.id());
        }
        byte[] bytes = envelopes.size() == 1 ? EnvelopeCodec.encode(envelopes.getFirst()) : EnvelopeCodec.encodeBatch(envelopes);
        int sessionGeneration = current.generation();
        long asked = hearing.ask();
        current.publish(config.topics().lane(lane), bytes, null,
                new PublishListener(ids, sessionGeneration, asked, hearing, clock, events::add));
        for (String id : ids) {
            inFlight.put(id, sessionGeneration);
        }
        contact.published(clock.millis());
        publishesInFlight++;
        inFlightCount = publishesInFlight;
    }

    /** Waits up to {@code waitMillis} for events and handles all that are queued. */
    private void process(long waitMillis) {
        long wait = Math.max(0, waitMillis);
        Event first;
        try {
            first = events.poll(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return;
        }
        if (first == null) {
            prefetch.invalidate(); // the poll: look for rows nobody woke us for
        } else {
            List<Event> batch = new ArrayList<>();
            batch.add(first);
            events.drainTo(batch, 10_000);
            for (Event event : batch) {
                handle(event);
            }
            inFlightCount = publishesInFlight;
        }
    }

    /** Waits until every outcome learned so far is committed; false if that did not happen in time. */
    private boolean flush() {
        try {
            return committer.awaitCommitted(COMMIT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void collect(Outcome outcome) {
        uncommitted.merge(outcome.id(), 1, Integer::sum);
        committer.submit(outcome);
    }

    private void forget(List<Outcome> committedOutcomes) {
        for (Outcome outcome : committedOutcomes) {
            uncommitted.computeIfPresent(outcome.id(), (id, n) -> n > 1 ? n - 1 : null);
        }
    }

    /**
     * The centre, answering until now, fell silent behind the broker: the terminal is told at once,
     * on the thread that saw it (for an unanswered request, the timer's, before the asker's wait
     * ends), so a 1101 that found the centre silent answers with the silence already recorded and
     * the time offline counts from that moment, not from whenever the worker would get to it.
     */
    private void centreFellSilent() {
        LOG.info("uplink: the centre stopped answering behind the broker");
        contact.tellLost();
    }

    private void handle(Event event) {
        switch (event) {
            case Event.Wake wake -> prefetch.invalidate();
            case Event.Stop stop -> stopping = true;
            case Event.CentreSilent silent -> centreFellSilent();
            case Event.Lost lost -> {
                MqttSession current = session;
                if (current != null && current.generation() == lost.generation()) {
                    dropSession(lost.cause());
                }
            }
            case Event.Puback puback -> {
                // a PUBACK of an abandoned session is ignored: its messages were put back to PENDING
                publishDone(puback.generation());
                pause.delivered();
                for (String id : puback.ids()) {
                    if (inFlight.remove(id, puback.generation())) {
                        collect(new Outcome.Published(id));
                    }
                }
            }
            case Event.Committed done -> {
                forget(done.outcomes());
                if (mayUnblock(done.outcomes())) {
                    prefetch.invalidate(); // answers may have made the next message of a key deliverable
                }
            }
            case Event.PublishFailed failed -> {
                publishDone(failed.generation());
                boolean ours = false;
                for (String id : failed.ids()) {
                    ours |= inFlight.remove(id, failed.generation());
                }
                if (ours) {
                    prefetch.invalidate();
                    errors.record("发送 " + failed.ids().size() + " 条报文（自 " + failed.ids().getFirst() + " 起）失败：" + failed.cause());
                    pause.failed(clock.millis());
                }
            }
            case Event.AckArrived arrived -> {
                lastAckAt = clock.instant();
                contact.answersCame();
                outcomesOf(arrived.ack(), inFlight).forEach(this::collect);
            }
        }
    }

    /**
     * The outcomes the centre's answer {@code ack} means, in the order they must be applied.
     * The outbox applies an answer only to a message whose publish it recorded (an answer to a
     * message never published is forged or stale), and an answer may overtake its message's
     * PUBACK; so when the message is still in flight on {@code inFlight} (handed to Paho, no
     * PUBACK handled yet) the answer first records that publish and takes the message out of
     * flight (its PUBACK, when it comes, then counts nothing twice), and a genuine answer is
     * never dropped.
     */
    static List<Outcome> outcomesOf(Ack ack, Map<String, Integer> inFlight) {
        Outcome answer = ack.status() == Ack.Status.ACCEPTED
                ? new Outcome.Accepted(ack.id())
                : new Outcome.Rejected(ack.id(), ack.code(), ack.reason());
        return inFlight.remove(ack.id()) != null ? List.of(new Outcome.Published(ack.id()), answer) : List.of(answer);
    }

    /** A publish of the session {@code sessionGeneration} ended (PUBACK or failure); one of an older session was already forgotten. */
    private void publishDone(int sessionGeneration) {
        if (sessionGeneration == generation && publishesInFlight > 0) {
            publishesInFlight--;
        }
    }

    /**
     * Whether committing {@code outcomes} may have made a message deliverable that the last
     * read-ahead query could not see: only the centre's answers can (the next message of an
     * order key waits for one). A committed PUBACK only turns its PENDING row into SENT, which
     * is not deliverable either, so it is no reason to query again.
     */
    static boolean mayUnblock(List<Outcome> outcomes) {
        return !OutcomeCommitter.pubacksOnly(outcomes);
    }

    /** Handles events for {@code duration} (a backoff wait), returning early on stop. */
    private void processFor(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopping) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            process(left);
        }
    }

    private void housekeeping() throws SQLException {
        long now = clock.millis();
        long requeueEvery = Math.max(1_000, config.ackTimeout().toMillis() / 4);
        // a clock set back (a device that lost power) would otherwise put both off by as much
        if (nextRequeueMillis - now > requeueEvery) nextRequeueMillis = now;
        if (nextPurgeMillis - now > PURGE_EVERY.toMillis()) nextPurgeMillis = now;
        if (contact.pingDue(now)) {
            if (hearing.answering()) contact.tellAnswered();
            ping();
        } else if (hearing.answering() && contact.claimsUnanswered(now)) {
            LOG.info("uplink: claims unanswered for {}; asking the centre whether it is there", config.pingTimeout());
            askWhetherTheCentreIsThere();
        }
        if (now >= nextRequeueMillis) {
            nextRequeueMillis = now + requeueEvery;
            int requeued = outbox.requeueUnanswered(config.ackTimeout());
            if (requeued > 0) {
                prefetch.invalidate();
                LOG.info("uplink: {} messages unanswered for {}; publishing them again", requeued, config.ackTimeout());
            }
        }
        if (now >= nextPurgeMillis) {
            nextPurgeMillis = now + PURGE_EVERY.toMillis();
            outbox.purge();
        }
    }

    /** Asks the centre's {@code ping} now and schedules the next heartbeat. */
    private void ping() {
        contact.pinged(clock.millis());
        askWhetherTheCentreIsThere();
    }

    /** A ping to the centre; left unanswered within the ping's wait, the centre is silent ({@link CentreHearing}). */
    private void askWhetherTheCentreIsThere() {
        requests.send(session, config.topics(), PING_SERVICE, new byte[0], config.pingTimeout());
    }

    private void dropSession(String cause) {
        MqttSession current = session;
        if (current != null && hearing.disconnected()) {
            contact.tellLost();
        }
        // recorded before it shows: whoever sees connected() false reads this loss as the last error, not the error before it
        errors.record("与消息服务器的连接断开：" + cause);
        session = null;
        if (current != null) {
            reconnecting = true;
            if (System.nanoTime() - sessionOpenedNanos >= STABLE_SESSION.toNanos()) {
                quickLosses = 0;
            }
        }
        inFlight.clear();
        inFlightCount = 0;
        publishesInFlight = 0;
        prefetch.clear();
        contact.sessionEnded();
        LOG.info("uplink lost its connection: {}", cause);
        if (current != null) {
            current.abandon();
        }
    }

    private InboundRouter inbound() {
        return new InboundRouter(config.topics(), requests, commandHandler, events::add, errors);
    }

    /** The committer's reports, passed to the worker as events. */
    private final class CommitListener implements OutcomeCommitter.Listener {
        @Override
        public void committed(List<Outcome> outcomes) {
            events.add(new Event.Committed(outcomes));
        }

        @Override
        public void failed(String cause) {
            errors.record(cause);
            LOG.warn("uplink: {}; retrying", cause);
        }
    }
}
