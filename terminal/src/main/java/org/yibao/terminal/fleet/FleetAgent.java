package org.yibao.terminal.fleet;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.update.CatchUp;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.provisioning.update.UpdateVerdict;
import org.yibao.provisioning.update.UpdateVerifier;
import org.yibao.terminal.api.http.HostFailures;
import org.yibao.terminal.domain.Refusal;

/**
 * Receives fleet updates and applies each exactly once, in its stream's order, whatever the
 * order and number of deliveries.
 *
 * <p>Promises: all work runs on one thread, so pushes and catch-up never race. An update is
 * verified first ({@link UpdateVerifier}); one that fails changes nothing, not even its stream
 * (its sequence number is not trusted). One whose signature verified (the centre's, failing a
 * later check) is answered REFUSED, once per run; one without a trusted signature is not the
 * centre's and is only counted and logged ({@link UnverifiedUpdates}), never answered, so
 * forged pushes cannot fill the outbox. Results that the full control lane has no room for wait
 * in terminal.db and are queued as room appears ({@link FleetMessages#queueWaiting}, looked at
 * every {@code watch} period, online or not); the update itself is applied regardless. A verified update whose
 * sequence is at or below the stream's last recorded one is a duplicate and is dropped; one
 * beyond the next is held and a catch-up is asked for; the next one is applied (or refused) by
 * the {@link UpdateApplier} and the held ones that follow it go next. Catch-up asks the centre
 * ({@value CatchUp#SERVICE} service) for every update after the last recorded sequence of each
 * of the device's streams: on every (re)connect, after a gap, and every {@code period}. A crash
 * at any point loses nothing: what was not committed is fetched again, what was committed is
 * never applied again (the update id and the stream's sequence are in the same transaction);
 * an update in hand at three stops of the service is set aside ({@link UpdatesInHand}).
 */
public final class FleetAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetAgent.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    /** An update this large is logged as it arrives (a catalogue, say); smaller ones only once verified. */
    private static final int LARGE_UPDATE_BYTES = 1 << 20;
    private static final int MAX_ROUNDS = 100;
    /** The update kinds this build takes, said at every catch-up: the centre holds back others instead of sending them again. */
    static final List<String> KINDS = java.util.Arrays.stream(UpdateKind.values()).map(UpdateKind::wire).toList();
    /** Early updates held per stream, and their bytes in all (a catalogue can be megabytes; the catch-up brings any that were not held). */
    private static final int MAX_HELD = 16;
    private static final long MAX_HELD_BYTES = 1 << 20;
    /** The envelope bytes a catch-up answer may hold (a larger update comes alone). */
    static final long MAX_ANSWER_BYTES = 1 << 20;
    private static final int MAX_REFUSALS_REMEMBERED = 1_000;
    private static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofMinutes(1);

    private final UpdateVerifier verifier;
    private final UpdateApplier applier;
    private final FleetStore store;
    private final FleetMessages messages;
    private final UnverifiedUpdates unverified;
    private final UpdatesInHand inHand;
    private final CentreChannel centre;
    private final String deviceId;
    private final String admdvs;
    private final String fixmedinsCode;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private final PushBudget pushes;
    /** A catch-up is queued behind the pushes taken, for the ones left to it. */
    private final AtomicBoolean catchUpQueued = new AtomicBoolean();
    private final Map<String, TreeMap<Long, Held>> held = new HashMap<>();
    /** Streams with an update seen ahead of its turn and not held (over the limits): a catch-up is due once they move on. */
    private final Set<String> aheadNotHeld = new HashSet<>();
    /** Unverifiable updates already answered, and withheld ones already logged, in this run (a catch-up would otherwise repeat them). */
    private final Set<String> answeredRefusals = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REFUSALS_REMEMBERED;
        }
    });
    /** The connection count at the last successful catch-up (-1: none yet). */
    private long caughtUpOn = -1;
    private boolean catchingUp;
    /** After a catch-up without an answer: when to try again, and the next wait. */
    private long retryAtNanos;
    private Duration retryWait = RETRY_FIRST;
    /** The update last taken to be applied (named when its work fails for the machine's sake). */
    private String working;

    FleetAgent(UpdateVerifier verifier, UpdateApplier applier, FleetStore store, FleetMessages messages,
               UnverifiedUpdates unverified, UpdatesInHand inHand, CentreChannel centre, String deviceId, String admdvs,
               String fixmedinsCode, Clock clock) {
        this.verifier = verifier;
        this.applier = applier;
        this.store = store;
        this.messages = messages;
        this.unverified = unverified;
        this.inHand = inHand;
        this.centre = centre;
        this.deviceId = deviceId;
        this.admdvs = admdvs;
        this.fixmedinsCode = fixmedinsCode;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fleet-" + deviceId).daemon().factory());
        this.pushes = new PushBudget(centre::maxPacketBytes);
        this.retryAtNanos = System.nanoTime();
    }

    /**
     * Starts watching the connection (catch-up on every connect), the results waiting for room
     * in the control lane and the trust file stored (a technician may load one while the service
     * runs), and catching up every {@code period}.
     */
    void start(Duration watch, Duration period) {
        worker.scheduleWithFixedDelay(() -> guarded(messages::queueWaiting), 0, watch.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(() -> guarded(this::watch), 0, watch.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(applier::followStoredTrust, watch.toMillis(), watch.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::catchUp, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a pushed message (from the uplink's thread; returns at once). Whatever it is goes to the
     * verifier: a message that is not even an update envelope (not JSON, another format, cut off)
     * is refused unsigned and counted with the other unverified ones, so rubbish written to the
     * device's commands topic shows in {@code unverified_updates_refused} instead of an INFO line.
     */
    public void receive(byte[] message) {
        int length = message.length;
        if (!pushes.take(length)) { // the heap holds the ones taken; this one comes with the catch-up
            LOG.info("fleet: a pushed update of {} bytes is left to the catch-up while {} bytes of pushes are in hand", length, pushes.held());
            queueCatchUp();
            return;
        }
        // the message is the uplink's own array, taken over and let go once verified (it can be megabytes)
        AtomicReference<byte[]> pending = new AtomicReference<>(message);
        worker.execute(() -> {
            try {
                guarded(() -> {
                    Optional<Checked> checked = checkPushed(pending);
                    if (checked.isPresent()) decide(checked.get());
                });
            } finally {
                pushes.release(length);
            }
        });
    }

    /** A catch-up behind the work already queued (at most one waits at a time). */
    private void queueCatchUp() {
        if (catchUpQueued.compareAndSet(false, true)) {
            worker.execute(() -> {
                catchUpQueued.set(false);
                catchUp();
            });
        }
    }

    /** Asks the centre for what this device missed, now; waits at most {@code timeout}. */
    public void catchUpNow(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            worker.submit(this::catchUp).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The fleet record (what was applied, the streams). */
    public FleetStore store() {
        return store;
    }

    @Override
    public void close() {
        worker.shutdown(); // lets an update being applied finish its transaction, and no other begin (stopping())
        try {
            if (!worker.awaitTermination(15, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Catches up after every new connection (counted, so a short outage between two looks is not
     * missed), and retries a catch-up that got no answer with doubling waits up to a minute.
     */
    private void watch() {
        if (!centre.connected()) return;
        if (centre.connections() != caughtUpOn) {
            if (System.nanoTime() - retryAtNanos < 0) return;
            LOG.info("fleet: connected; catching up");
            catchUp();
        }
    }

    /** A verdict on a message and the hash it is in hand by; empty when it is set aside. */
    private record Checked(UpdateVerdict verdict, String hash) {
    }

    /** An update held for its turn, and the hash it is in hand by while it is applied. */
    private record Held(Update update, String hash) {
    }

    private Optional<Checked> checkPushed(AtomicReference<byte[]> pending) {
        byte[] message = pending.getAndSet(null);
        return check(new CatchUp.Envelope(message, 0, message.length));
    }

    /**
     * Verifies {@code e} in hand (a stop while it is verified is counted), then puts it down until
     * it is decided; empty when it is set aside.
     */
    private Optional<Checked> check(CatchUp.Envelope e) {
        String hash = UpdatesInHand.hash(e);
        if (!inHand.begin(hash)) return Optional.empty();
        Checked checked;
        try {
            checked = new Checked(verify(e), hash);
        } catch (RuntimeException x) {
            inHand.putDown(hash); // not a stop of the service (an Error, the heap run out, leaves it in hand)
            throw x;
        }
        inHand.putDown(hash);
        return Optional.of(checked);
    }

    /**
     * Decides a checked update in hand (a stop while it is applied is counted) and crosses it out.
     * One that came ahead of its turn is put down, held, before the catch-up it starts (the updates
     * before it are applied then, and a stop then is not its doing); so is one an exception leaves
     * undecided (it is not a stop of the service; an Error, the heap run out, leaves it in hand).
     * Then the held updates that follow it are applied, each in hand in its turn. A catch-up is
     * also due when a stream moved on with an update seen ahead of it that was not held.
     */
    private void decide(Checked checked) throws SQLException {
        if (!inHand.begin(checked.hash())) return;
        Offered offered;
        try {
            offered = decide(checked.verdict(), checked.hash());
        } catch (SQLException | RuntimeException e) {
            inHand.putDown(checked.hash());
            throw e;
        }
        if (offered == Offered.AHEAD) {
            inHand.putDown(checked.hash());
        } else {
            inHand.end(checked.hash());
            if (checked.verdict() instanceof UpdateVerdict.Verified v) applyHeld(v.update().target().stream());
        }
        if (offered != Offered.DECIDED) catchUp();
    }

    /** What became of an update offered. */
    private enum Offered {
        /** Applied, refused or dropped as a duplicate. */
        DECIDED,
        /** Applied, and its stream has an update ahead that was not held: a catch-up is due. */
        DECIDED_CATCH_UP,
        /** Ahead of its turn: held (or left to the catch-up), which is due. */
        AHEAD
    }

    private UpdateVerdict verify(CatchUp.Envelope e) {
        // a large one is named before the work: a service stopped while handling it leaves this as its last line
        if (e.length() >= LARGE_UPDATE_BYTES) LOG.info("fleet: an update of {} bytes from the centre; verifying", e.length());
        return verifier.verify(e.bytes(), e.offset(), e.length());
    }

    private Offered decide(UpdateVerdict verdict, String hash) throws SQLException {
        return switch (verdict) {
            case UpdateVerdict.Refused r -> {
                refuseUnverified(r);
                yield Offered.DECIDED;
            }
            case UpdateVerdict.Verified v -> offer(v.update(), hash);
        };
    }

    /** Applies {@code update} in its turn, drops a duplicate, holds one ahead of its turn. */
    private Offered offer(Update update, String hash) throws SQLException {
        String stream = update.target().stream();
        long last = store.lastSeq(stream);
        if (update.seq() <= last) {
            LOG.debug("fleet: {} already recorded; duplicate dropped", update.updateId());
            return Offered.DECIDED;
        }
        if (update.seq() > last + 1) {
            TreeMap<Long, Held> waiting = held.computeIfAbsent(stream, s -> new TreeMap<>());
            boolean kept = waiting.size() < MAX_HELD && heldBytes() + update.contentLength() <= MAX_HELD_BYTES;
            if (kept) waiting.put(update.seq(), new Held(update, hash));
            else aheadNotHeld.add(stream);
            LOG.info("fleet: {} arrived before {}/{}; {}, catching up", update.updateId(), stream, last + 1,
                    kept ? "held" : "not held (over what the device holds; a catch-up brings it once its stream moves on)");
            return Offered.AHEAD;
        }
        applying(update);
        applier.apply(update);
        working = null;
        return aheadNotHeld.remove(stream) ? Offered.DECIDED_CATCH_UP : Offered.DECIDED;
    }

    /** Applies the held updates of {@code stream} that are next in turn, each in hand while it is applied. */
    private void applyHeld(String stream) throws SQLException {
        TreeMap<Long, Held> waiting = held.get(stream);
        while (waiting != null && !waiting.isEmpty() && !stopping()) {
            long next = store.lastSeq(stream) + 1;
            waiting.headMap(next, false).clear();
            Held first = waiting.isEmpty() ? null : waiting.firstEntry().getValue();
            if (first == null || first.update().seq() != next) return;
            waiting.remove(next);
            if (!inHand.begin(first.hash())) return;
            try {
                applying(first.update());
                applier.apply(first.update());
                working = null;
            } catch (SQLException | RuntimeException e) {
                inHand.putDown(first.hash());
                throw e;
            }
            inHand.end(first.hash());
        }
    }

    /**
     * An answer's updates replace those held under the same id: the centre's current one (a
     * withdrawal notice, say) is the one to decide, not the copy pushed earlier.
     */
    private void forgetHeld(List<Checked> answered) {
        for (Checked c : answered) {
            if (c.verdict() instanceof UpdateVerdict.Verified v) {
                TreeMap<Long, Held> waiting = held.get(v.update().target().stream());
                if (waiting != null) waiting.remove(v.update().seq());
            }
        }
    }

    private long heldBytes() {
        return held.values().stream().flatMap(m -> m.values().stream()).mapToLong(h -> h.update().contentLength()).sum();
    }

    private void applying(Update update) {
        working = update.updateId();
        LOG.info("fleet: applying {} ({}, {} bytes)", update.updateId(), update.kind().wire(), update.contentLength());
    }

    private void catchUp() {
        if (catchingUp || !centre.connected() || stopping()) return;
        catchingUp = true;
        long connection = centre.connections();
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (stopping()) return;
                Map<String, Long> after = withDefaults(store.lastSeqs());
                Optional<Answered> answered = ask(after);
                if (answered.isEmpty()) {
                    LOG.info("fleet: no catch-up answer from the centre; trying again in {} ms", retryLater());
                    return;
                }
                decideAll(answered.get().checked());
                if (stopping()) return; // the rest of the answer is not begun: not a stream that cannot move on
                if (!answered.get().more()) {
                    caughtUpOn = connection;
                    retryWait = RETRY_FIRST;
                    return;
                }
                if (after.equals(withDefaults(store.lastSeqs()))) {
                    throw new IllegalStateException("the centre's next updates cannot be applied (none moved a stream on)");
                }
            }
            // a long run of updates (a large file in pieces comes one piece an answer): the rest at once, not at the next period
            LOG.info("fleet: {} catch-up answers applied and the centre has more; asking again", MAX_ROUNDS);
            queueCatchUp();
        } catch (SQLException | RuntimeException e) {
            notDone("fleet: catch-up failed; trying again in " + retryLater() + " ms", e);
        } finally {
            catchingUp = false;
        }
    }

    /** A catch-up answer verified: what each envelope is, and whether to ask again. */
    private record Answered(List<Checked> checked, boolean more) {
    }

    /**
     * Asks the centre for the updates after {@code after} and verifies each envelope where it lies
     * in the answer, which is let go before any is applied (a large update comes alone).
     */
    private Optional<Answered> ask(Map<String, Long> after) {
        byte[] request = new CatchUp.Request(deviceId, admdvs, fixmedinsCode, after, MAX_ANSWER_BYTES, centre.maxPacketBytes(), true,
                inHand.setAside(), KINDS).toJson();
        return centre.ask(CatchUp.SERVICE, request, ASK_TIMEOUT).map(answer -> {
            CatchUp.Received received = CatchUp.Received.read(answer);
            received.withheld().forEach(this::withheld);
            List<Checked> checked = new ArrayList<>();
            for (CatchUp.Envelope e : received.updates()) check(e).ifPresent(checked::add);
            return new Answered(checked, received.more());
        });
    }

    /** Decides each in order (each is in hand only while it is decided), in place of any held copy. */
    private void decideAll(List<Checked> checked) throws SQLException {
        forgetHeld(checked);
        for (Checked c : checked) {
            if (stopping()) return;
            decide(c);
        }
    }

    /**
     * The service is stopping ({@link #close}): the update in hand is finished, no other is begun.
     * A catch-up's later answers (a file in pieces comes one piece an answer) would otherwise be
     * fetched and applied until the close gives up, and a final import begun only to be cut off;
     * what is not applied comes with the next start's catch-up.
     */
    private boolean stopping() {
        return worker.isShutdown();
    }

    /** Says once per run that the centre holds an update back as too large for this device, and what to do. */
    private void withheld(CatchUp.Withheld w) {
        if (!answeredRefusals.add(w.updateId() + "|withheld")) return;
        if (CatchUp.Withheld.SET_ASIDE.equals(w.reason())) {
            LOG.warn("fleet: {} ({} bytes) is set aside on this device; the centre holds it back", w.updateId(), w.bytes());
            return;
        }
        if (CatchUp.Withheld.UNKNOWN_KIND.equals(w.reason())) {
            LOG.warn("fleet: the centre holds back {} ({} bytes): a kind of update this build does not know; its stream waits "
                    + "behind it: update the terminal's software, or have the centre withdraw it (center publish --withdraw)",
                    w.updateId(), w.bytes());
            return;
        }
        LOG.warn("fleet: the centre holds back {} ({} bytes): larger than the {} bytes this device takes in one message at its heap; "
                + "its stream waits behind it: raise -Xmx in /etc/default/yibao-terminal, or have the centre withdraw it "
                + "(center publish --withdraw) and send a delta, a smaller file or the catalogue in pieces (--pieces 1048576)",
                w.updateId(), w.bytes(), centre.maxPacketBytes());
    }

    /** Schedules the next catch-up after the current wait and doubles the wait (up to a minute); returns the wait in ms. */
    private long retryLater() {
        long waitMillis = retryWait.toMillis();
        caughtUpOn = -1;
        retryAtNanos = System.nanoTime() + retryWait.toNanos();
        retryWait = retryWait.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : retryWait.multipliedBy(2);
        return waitMillis;
    }

    /** The last sequence of both of this device's streams (0 for one never used). */
    private Map<String, Long> withDefaults(Map<String, Long> recorded) {
        Map<String, Long> after = new TreeMap<>();
        after.put("device/" + deviceId, 0L);
        after.put("area/" + admdvs, 0L);
        after.putAll(recorded);
        return after;
    }

    private void refuseUnverified(UpdateVerdict.Refused r) throws SQLException {
        if (!r.signed()) {
            unverified.refused(r);
            return;
        }
        String id = r.claimedId().isEmpty() ? "unknown" : r.claimedId();
        LOG.warn("fleet: update {} signed by the centre refused before use: {} {}", id, r.reason().code(), r.detail());
        if (!answeredRefusals.add(id + "|" + r.reason().code())) return;
        UpdateResult result = new UpdateResult(id, deviceId, "", UpdateResult.Status.REFUSED, r.reason().code(),
                r.reason().message() + "：" + r.detail(), "", clock.millis());
        messages.append(UpdateResult.TYPE, id, result.toJson());
    }

    private void guarded(SqlTask task) {
        try {
            task.run();
        } catch (SQLException | RuntimeException e) {
            notDone("fleet: update not handled; it will come again with the next catch-up", e);
        }
    }

    /**
     * Logs work left undone: a failure of the machine a technician can fix (a full disk, 1018) in
     * words with its code and the update it stopped, as the local API and the commands tell it;
     * anything else with its stack trace; work cut off by the service's stop, in one line. Nothing of
     * the update was used: its transaction rolled back.
     */
    private void notDone(String what, Exception e) {
        Optional<Refusal> host = HostFailures.refusal(e);
        String update = working == null ? "update" : working;
        working = null;
        if (stopping()) { // cut off by the stop (the close's wait ran out, or a write's): not a fault to look into
            LOG.info("fleet: the service stops; {} was not finished, nothing of it was applied, and it comes again with the next"
                    + " start's catch-up ({})", update, e.toString());
            return;
        }
        if (host.isEmpty()) {
            LOG.warn(what, e);
            return;
        }
        LOG.warn("{} ({}: {} {}; nothing of it was applied, what is in use stays: free space on the data folder's disk)", what,
                update, host.get().reason().code(), host.get().errMsg());
    }

    @FunctionalInterface
    private interface SqlTask {
        void run() throws SQLException;
    }
}
