package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.DeviceStatus;
import org.yibao.outbox.wire.WireCodec;

/**
 * The outbox's rules end to end, against a model: the real uplink, a real Mosquitto and the
 * reference centre's receiving side, in random runs of steps: appends (four order keys shared by
 * both lanes, claims and control, some ids the centre rejects, some messages larger than the
 * broker's packet), the broker stopped and started on its port, the device's process stopped and
 * started on the same SQLite file, the centre stopped and started (its answers come late), a
 * second answer to an answered message, a forged answer to a message never published (or to no
 * message), and time passing. After every step the system is let settle (bounded) and compared
 * with {@link UplinkModel}: every message's state and the centre's result in it, the centre's
 * store (each id once, its answer), per-key order at the moment of arrival
 * ({@link ArrivalOrderWatch}), the uplink's figures (backlog count and bytes, oldest age, needing
 * attention, rejected, in flight, last ack, last error; in flight sampled all along must stay
 * within the window) and the retained status. {@link OutboxModelPropertiesTest} covers the
 * outbox's storage rules without a broker; this one covers what the uplink and the broker add.
 */
class UplinkModelPropertiesTest {

    private static final MessageClass[] CLASSES = {Terminal.FUND, Terminal.SELF_PAY, Terminal.CONTROL};
    private static final String[] KEYS = {"S1", "S2", "S3", "S4"};
    private static final int LARGE = 16_000;
    private static final String REJECT_CODE = "E_MODEL";
    private static final String REJECT_REASON = "中心拒收（模型测试）";
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(30);
    private static final long QUIET_MILLIS = 300;
    private static final long STUCK_MILLIS = 2_000;

    /** One step of a run. */
    sealed interface Step {
    }

    /** Messages appended one after the other: key index -1 for none, class index into {@link #CLASSES}. */
    record Append(List<One> messages) implements Step {
    }

    record One(int key, int classIndex, int size, boolean rejectedByCentre, boolean large) {
    }

    record BrokerStop() implements Step {
    }

    record BrokerStart() implements Step {
    }

    record DeviceStop() implements Step {
    }

    record DeviceStart() implements Step {
    }

    /** The device's process ends in order and starts again on the same file. */
    record DeviceRestart() implements Step {
    }

    record CentreStop() implements Step {
    }

    record CentreStart() implements Step {
    }

    /** The centre's stored answer to a message it answered, published once more. */
    record SecondAnswer(int pick) implements Step {
    }

    /** An answer on the device's acks topic for a message never published, or for an id that does not exist. */
    record ForgedAnswer(int pick, boolean accept) implements Step {
    }

    record TimePasses(int minutes) implements Step {
    }

    @Property(tries = 4, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void theUplinkKeepsTheOutboxRulesEndToEnd(@ForAll("runs") List<Step> run) throws Exception {
        Path dir = Files.createTempDirectory("uplink-model");
        try (UplinkRig rig = new UplinkRig(dir); InFlightSampler sampler = new InFlightSampler(rig)) {
            Run r = new Run(rig, sampler);
            r.settleAndCheck("start");
            for (Step step : run) {
                if (r.apply(step)) {
                    r.settleAndCheck(step.toString());
                }
            }
            r.bringEverythingUp();
            r.settleAndCheck("everything up at the end");
            r.assertEveryMessageReachedTheCentreUnlessHeld();
            System.out.println("UplinkModelPropertiesTest: " + run.size() + " steps, ack timeout let pass "
                    + r.ackTimeoutsLetPass + " times for messages the broker dropped");
        } finally {
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<One> one = Combinators.combine(Arbitraries.integers().between(-1, KEYS.length - 1),
                        Arbitraries.integers().between(0, CLASSES.length - 1), Arbitraries.integers().between(10, 900),
                        Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 11))
                .as((key, c, size, reject, large) -> new One(key, c, size, reject == 0, large == 0));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, one.list().ofMinSize(1).ofMaxSize(12).map(Append::new)),
                Tuple.of(1, Arbitraries.just(new BrokerStop())),
                Tuple.of(2, Arbitraries.just(new BrokerStart())),
                Tuple.of(1, Arbitraries.just(new DeviceStop())),
                Tuple.of(2, Arbitraries.just(new DeviceStart())),
                Tuple.of(1, Arbitraries.just(new DeviceRestart())),
                Tuple.of(1, Arbitraries.just(new CentreStop())),
                Tuple.of(2, Arbitraries.just(new CentreStart())),
                Tuple.of(1, pick.map(SecondAnswer::new)),
                Tuple.of(1, Combinators.combine(pick, Arbitraries.of(true, false)).as(ForgedAnswer::new)),
                Tuple.of(1, Arbitraries.integers().between(3, 40).map(TimePasses::new)));
        return step.list().ofMinSize(10).ofMaxSize(14);
    }

    /** One run: the rig, the model, and when the uplink's last ack and last error may be at the earliest. */
    private static final class Run {
        private final UplinkRig rig;
        private final InFlightSampler sampler;
        private final UplinkModel model = new UplinkModel();
        /** Since the device's process started: the start of the latest step that brought it an answer, or null. */
        private Instant ackSince;
        /** Since the device's process started: the start of the latest step that gave it an error, or null. */
        private Instant errorSince;
        /**
         * The broker was started again in this run: Mosquitto then keeps the centre's session but
         * not its shared subscription until the centre subscribes again, and a claim published
         * meanwhile is answered "no matching subscribers" (PUBACK 16), which the uplink reports
         * as its last error and publishes again after a pause.
         */
        private boolean brokerRestarted;
        /** Whether the device said goodbye (stopped while the broker was up) rather than left its last will. */
        private boolean saidOffline;
        private Instant stepStart;
        private final List<String> done = new ArrayList<>();
        /** How often a message dropped by the broker had to wait for the ack timeout (reported, not a failure). */
        private int ackTimeoutsLetPass;

        Run(UplinkRig rig, InFlightSampler sampler) {
            this.rig = rig;
            this.sampler = sampler;
        }

        /** Applies {@code step} to the rig and the model; false when it does not apply now (skipped). */
        boolean apply(Step step) throws Exception {
            stepStart = rig.clock.instant();
            switch (step) {
                case Append a -> {
                    if (!model.deviceUp) {
                        return false;
                    }
                    for (One one : a.messages()) {
                        append(one);
                    }
                }
                case BrokerStop s -> {
                    if (!model.brokerUp) {
                        return false;
                    }
                    rig.broker.stop();
                    model.brokerUp = false;
                    if (model.deviceUp) {
                        errorSince = stepStart;
                    }
                }
                case BrokerStart s -> {
                    if (model.brokerUp) {
                        return false;
                    }
                    rig.broker.startAgain();
                    model.brokerUp = true;
                    model.centreSubscribed = false;
                    brokerRestarted = true;
                }
                case DeviceStop s -> {
                    if (!model.deviceUp) {
                        return false;
                    }
                    stopDevice();
                }
                case DeviceStart s -> {
                    if (model.deviceUp) {
                        return false;
                    }
                    startDevice();
                }
                case DeviceRestart s -> {
                    if (!model.deviceUp) {
                        return false;
                    }
                    stopDevice();
                    if (model.brokerUp) {
                        checkStatus("the device's process stopped");
                    }
                    startDevice();
                }
                case CentreStop s -> {
                    if (!model.centreUp) {
                        return false;
                    }
                    rig.stopCentre();
                    model.centreUp = false;
                }
                case CentreStart s -> {
                    if (model.centreUp || !model.brokerUp) {
                        return false;
                    }
                    rig.startCentre();
                    model.centreUp = true;
                }
                case SecondAnswer s -> {
                    List<UplinkModel.Msg> stored = model.select(UplinkModel.Msg::answered);
                    if (!model.deviceUp || !model.brokerUp || stored.isEmpty()) {
                        return false;
                    }
                    StoredClaim claim = rig.store.find(stored.get(s.pick() % stored.size()).id).orElseThrow();
                    rig.publishOnAcks(WireCodec.encode(new Ack(1, claim.id(), Ack.Status.valueOf(claim.status()),
                            claim.code(), claim.reason(), "a", System.currentTimeMillis())));
                    awaitAckHandled();
                }
                case ForgedAnswer f -> {
                    if (!model.deviceUp || !model.brokerUp) {
                        return false;
                    }
                    List<UplinkModel.Msg> never = model.neverPublished();
                    String id = f.pick() % (never.size() + 1) == never.size() ? UplinkRig.DEVICE + "-999999"
                            : never.get(f.pick() % (never.size() + 1)).id;
                    rig.publishOnAcks(WireCodec.encode(new Ack(1, id, f.accept() ? Ack.Status.ACCEPTED : Ack.Status.REJECTED,
                            f.accept() ? "0" : "E_FORGED", f.accept() ? "" : "伪造", "rogue", System.currentTimeMillis())));
                    awaitAckHandled();
                }
                case TimePasses t -> {
                    rig.clock.pass(Duration.ofMinutes(t.minutes()));
                    Thread.sleep(700); // the worker's housekeeping sees the new time within its poll (0.5 s)
                }
            }
            return true;
        }

        private void append(One one) throws Exception {
            String key = one.key() < 0 ? null : KEYS[one.key()];
            String id = UplinkRig.DEVICE + "-" + (model.messages.size() + 1);
            UplinkModel.Msg previous = key == null ? null : model.select(m -> key.equals(m.key)).stream().reduce((x, y) -> y).orElse(null);
            if (previous != null) {
                rig.watch.expect(id, previous.id);
            }
            if (one.rejectedByCentre()) {
                rig.store.rejectId(id, REJECT_CODE, REJECT_REASON);
            }
            MessageClass messageClass = CLASSES[one.classIndex()];
            int size = one.large() ? LARGE : one.size();
            Instant from = rig.clock.instant();
            String appended = rig.append(key, messageClass, size);
            Instant to = rig.clock.instant();
            assertEquals(id, appended, "ids are <device>-<seq>, seq the row's own number");
            model.append(id, key, messageClass.lane(), size, one.large(), one.rejectedByCentre(), from, to);
        }

        private void stopDevice() {
            rig.stopDevice();
            model.deviceUp = false;
            saidOffline = model.brokerUp;
        }

        private void startDevice() throws Exception {
            rig.startDevice();
            model.deviceUp = true;
            ackSince = null;
            errorSince = model.brokerUp ? null : stepStart;
        }

        void bringEverythingUp() throws Exception {
            stepStart = rig.clock.instant();
            if (!model.brokerUp) {
                rig.broker.startAgain();
                model.brokerUp = true;
                model.centreSubscribed = false;
                brokerRestarted = true;
            }
            if (!model.centreUp) {
                rig.startCentre();
                model.centreUp = true;
            }
            if (!model.deviceUp) {
                startDevice();
            }
        }

        /** A forged or second answer was read by the uplink (it marks the time of every answer it reads). */
        private void awaitAckHandled() throws java.sql.SQLException {
            ackSince = stepStart;
            long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                Instant last = rig.uplink.metrics().lastAckAt();
                if (last != null && !last.isBefore(stepStart)) {
                    return;
                }
                sleep(20);
            }
            throw new AssertionError("the uplink never read the answer published on its acks topic");
        }

        void settleAndCheck(String after) throws Exception {
            done.add(after);
            UplinkModel.Settled settled = model.settle();
            if (settled.answersApplied()) {
                ackSince = stepStart;
            }
            if (settled.setAside()) {
                errorSince = stepStart;
            }
            awaitQuiet(after);
            checkStates(after);
            checkCentre(after);
            if (model.deviceUp) {
                checkFigures(after);
            }
            if (model.brokerUp) {
                checkStatus(after);
            }
        }

        /**
         * Until the outbox and the centre hold what the model says, with nothing in flight, twice
         * {@link #QUIET_MILLIS} apart. A message the broker took but dropped stays SENT until the
         * README's "SENT returns to PENDING after a reconnect or an ack timeout"; one published while
         * the broker had no subscription of the centre (Mosquitto does not restore shared
         * subscriptions when it restarts: until the centre subscribes again it answers PUBACK "no
         * matching subscribers") stays PENDING until its publish pause (up to 60 s) ends. When only
         * such messages keep the system from the model for {@link #STUCK_MILLIS}, the device's
         * clock is moved past the ack timeout (and so past any pause) and the uplink woken.
         */
        private void awaitQuiet(String after) throws Exception {
            long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
            long stuckSince = System.nanoTime();
            String last = null;
            while (System.nanoTime() < deadline) {
                String now = snapshot();
                if (now != null && now.equals(last)) {
                    return;
                }
                if (now != null || !onlyAwaitingResend()) {
                    stuckSince = System.nanoTime();
                } else if (System.nanoTime() - stuckSince > STUCK_MILLIS * 1_000_000) {
                    rig.clock.pass(UplinkRig.ACK_TIMEOUT.plusMinutes(1)); // past any publish pause too (60 s at most)
                    rig.uplink.wake();
                    ackTimeoutsLetPass++;
                    stuckSince = System.nanoTime();
                }
                last = now;
                sleep(now == null ? 50 : QUIET_MILLIS);
            }
            throw new AssertionError("not settled within " + SETTLE_BOUND + " after " + after + ": " + mismatches() + context());
        }

        /** What the system holds when it matches the model (states, the centre's deliveries), or null when it does not yet. */
        private String snapshot() throws Exception {
            if (!mismatches().isEmpty()) {
                return null;
            }
            if (model.deviceUp && model.brokerUp && (!rig.uplink.connected() || rig.uplink.metrics().inFlight() != 0)) {
                return null;
            }
            return rig.store.all().stream().map(c -> c.id() + "x" + c.deliveries()).collect(Collectors.joining(","));
        }

        /**
         * Whether everything is up and a message the model has answered is SENT on the device (with,
         * perhaps, the later messages of its key held behind it): what a message the broker dropped
         * looks like until it is published again.
         */
        private boolean onlyAwaitingResend() throws Exception {
            if (!model.deviceUp || !model.brokerUp || !model.centreUp) {
                return false;
            }
            Map<String, MessageState> actual = actualStates();
            return model.messages.stream().anyMatch(m -> awaitingResend(actual.get(m.id), m))
                    && mismatches().stream().noneMatch(d -> d.startsWith("centre holds"));
        }

        /**
         * SENT on the device and answered in the model: dropped by the broker, published again after
         * the ack timeout; PENDING on the device and SENT or answered in the model: answered "no
         * matching subscribers" before the centre subscribed again, published again after its pause.
         */
        private static boolean awaitingResend(MessageState actual, UplinkModel.Msg m) {
            return actual == MessageState.SENT && m.answered()
                    || actual == MessageState.PENDING && (m.answered() || m.state == MessageState.SENT);
        }

        /**
         * The differences from the model: a message's state on the device; a message answered but not
         * in the centre's store, or in the store but never published (an unanswered published message
         * may or may not have reached the centre: the broker may have had no subscription of it).
         */
        private List<String> mismatches() throws Exception {
            List<String> out = new ArrayList<>();
            Map<String, MessageState> actual = actualStates();
            Set<String> stored = rig.store.all().stream().map(StoredClaim::id).collect(Collectors.toSet());
            for (UplinkModel.Msg m : model.messages) {
                if (actual.get(m.id) != m.state) {
                    out.add(m.id + " is " + actual.get(m.id) + ", model " + m.state);
                }
                if (m.answered() && !stored.contains(m.id)) {
                    out.add("centre lacks " + m.id + ", answered in the model");
                }
                if (!m.atBroker && stored.contains(m.id)) {
                    out.add("centre holds " + m.id + ", never published in the model");
                }
            }
            return out;
        }

        /** Every message's state in the device's file, read as the operator's command reads it (not listed: ACKED). */
        private Map<String, MessageState> actualStates() throws Exception {
            Map<String, MessageState> states = new HashMap<>();
            for (UplinkModel.Msg m : model.messages) {
                states.put(m.id, MessageState.ACKED);
            }
            for (OutboxOperator.Summary s : rig.watch.listed()) {
                states.put(s.id(), s.state());
            }
            return states;
        }

        private void checkStates(String after) throws Exception {
            Map<String, OutboxOperator.Summary> listed = rig.watch.listed().stream()
                    .collect(Collectors.toMap(OutboxOperator.Summary::id, s -> s));
            for (UplinkModel.Msg m : model.messages) {
                if (model.deviceUp) {
                    StoredMessage s = rig.outbox.find(m.id).orElseThrow(() -> new AssertionError(m.id + " missing after " + after));
                    assertEquals(m.state, s.state(), m.id + " after " + after + context());
                    assertEquals(m.lane, s.lane(), m.id);
                    assertEquals(m.key, s.orderKey(), m.id);
                }
                if (m.state == MessageState.REJECTED) {
                    assertEquals(REJECT_CODE, listed.get(m.id).resultCode(), m.id + " keeps the centre's code");
                    assertEquals(REJECT_REASON, listed.get(m.id).resultReason(), m.id);
                }
                if (m.state == MessageState.NEEDS_ATTENTION) {
                    assertEquals(Uplink.UNSENDABLE_CODE, listed.get(m.id).resultCode(), m.id + " set aside as too large");
                }
            }
        }

        private void checkCentre(String after) throws Exception {
            List<StoredClaim> all = rig.store.all();
            assertEquals(all.size(), all.stream().map(StoredClaim::id).distinct().count(), "each id stored once");
            Map<String, UplinkModel.Msg> byId = model.messages.stream().collect(Collectors.toMap(m -> m.id, m -> m));
            for (StoredClaim claim : all) {
                UplinkModel.Msg m = byId.get(claim.id());
                assertEquals(m.rejectedByCentre ? "REJECTED" : "ACCEPTED", claim.status(), claim.id() + " after " + after);
                assertEquals(m.key, claim.orderKey(), claim.id());
            }
            assertEquals(List.of(), rig.watch.violations(), "per-key order at arrival, after " + after + context());
        }

        private void checkFigures(String after) throws Exception {
            Instant readFrom = rig.clock.instant();
            UplinkMetrics figures = rig.uplink.metrics();
            Instant readTo = rig.clock.instant();
            String where = " after " + after + ": " + figures + context();
            assertEquals(model.brokerUp, figures.connected(), "connected" + where);
            assertEquals(model.backlogCount(), figures.backlogCount(), "backlog count" + where);
            assertEquals(model.backlogBytes(), figures.backlogBytes(), "backlog bytes" + where);
            Duration[] oldest = model.oldestAge(readFrom, readTo);
            assertTrue(figures.oldestPending().compareTo(oldest[0]) >= 0 && figures.oldestPending().compareTo(oldest[1]) <= 0,
                    "oldest pending " + figures.oldestPending() + " not within " + oldest[0] + " .. " + oldest[1] + where);
            assertEquals(model.count(MessageState.NEEDS_ATTENTION), figures.needsAttention(), "needing attention" + where);
            assertEquals(model.count(MessageState.REJECTED), figures.rejected(), "rejected" + where);
            assertEquals(0, figures.inFlight(), "in flight once quiet" + where);
            assertTrue(sampler.max() <= UplinkRig.WINDOW, "in flight reached " + sampler.max() + " > window " + UplinkRig.WINDOW + where);
            if (ackSince == null) {
                assertNull(figures.lastAckAt(), "no answer came since the uplink started" + where);
            } else {
                assertNotNull(figures.lastAckAt(), "last ack" + where);
                assertFalse(figures.lastAckAt().isBefore(ackSince) || figures.lastAckAt().isAfter(readTo), "last ack" + where);
            }
            if (errorSince == null) {
                String error = figures.lastError();
                assertTrue(error == null || brokerRestarted && error.contains("PUBACK 16"),
                        "no error since the uplink started, but " + error + where);
            } else {
                assertNotNull(figures.lastError(), "last error" + where);
                assertFalse(figures.lastErrorAt().isBefore(errorSince) || figures.lastErrorAt().isAfter(readTo), "last error at" + where);
            }
        }

        private void checkStatus(String after) throws Exception {
            Optional<DeviceStatus> status = rig.retainedStatus();
            if (model.deviceUp) {
                assertEquals("online", status.map(DeviceStatus::state).orElse(null), "status after " + after + context());
                assertEquals("connected", status.get().reason(), "status after " + after);
            } else {
                // stopped with the broker down: no goodbye, but the broker sent the last will when it closed the connection
                assertEquals("offline", status.map(DeviceStatus::state).orElse(null), "status after " + after + context());
                assertEquals(saidOffline ? "shutdown" : "lost", status.get().reason(), "status after " + after);
            }
        }

        void assertEveryMessageReachedTheCentreUnlessHeld() throws java.sql.SQLException {
            for (UplinkModel.Msg m : model.messages) {
                boolean heldByLarge = false;
                for (UplinkModel.Msg p = m; p != null; p = p.previousOfKey) {
                    heldByLarge |= p.large;
                }
                assertEquals(!heldByLarge, rig.store.find(m.id).isPresent(), m.id + ": every message reaches the centre unless a large one holds its key");
                assertTrue(m.answered() || heldByLarge, m.id + " answered");
            }
        }

        private String context() {
            String centre;
            try {
                centre = rig.store.all().stream().map(c -> c.id() + "x" + c.deliveries()).toList().toString();
            } catch (java.sql.SQLException e) {
                centre = e.toString();
            }
            return "\nsteps: " + done + "\nmodel: " + model.messages + "\ncentre holds (id x deliveries): " + centre
                    + "\nbroker log tail: " + tail(rig.broker.log());
        }
    }

    /** Samples the uplink's in-flight figure every few milliseconds and keeps the largest. */
    private static final class InFlightSampler implements AutoCloseable {
        private final Thread thread;
        private volatile int max;
        private volatile boolean stop;

        InFlightSampler(UplinkRig rig) {
            thread = Thread.ofPlatform().daemon().name("in-flight-sampler").start(() -> {
                while (!stop) {
                    Uplink uplink = rig.uplink;
                    if (uplink != null) {
                        try {
                            max = Math.max(max, uplink.metrics().inFlight());
                        } catch (Exception e) {
                            // the device's process is stopping; the next sample reads the new one
                        }
                    }
                    sleep(5);
                }
            });
        }

        int max() {
            return max;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(2_000);
        }
    }

    private static String tail(String log) {
        return log.length() <= 1_500 ? log : log.substring(log.length() - 1_500);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
