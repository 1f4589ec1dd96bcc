package org.yibao.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/**
 * The outbox against a model of its rules, on a real SQLite file: random runs of appends (two
 * lanes, held and free classes, four order keys shared across the lanes, payloads around the
 * limits, appends rolled back with their business write), publishes, answers in the same group
 * as their PUBACK or later, forged answers to messages never published, duplicate answers,
 * unsendable messages, requeues after a reconnect or an ack timeout, operator retries (also from
 * the technician's command on a connection of its own), time passing and purges. After every
 * step both lanes' backlog (count, bytes, oldest age, needing attention, rejected), their
 * deliverable messages (in order, per-key order across lanes) and the list of messages needing
 * attention must be the model's, and
 * every append is admitted or refused as the model's backlog says; at the end every message's
 * stored state, attempts and key. The schema keeps the backlog in running totals, a trigger and a
 * per-key head flag; the model keeps nothing but the messages, so the two can only agree if those
 * shortcuts hold.
 */
class OutboxModelPropertiesTest {

    private static final MessageClass HELD = new MessageClass("FUND", Lane.MESSAGES, true);
    private static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    private static final MessageClass CONTROL = new MessageClass("STATUS", Lane.CONTROL, false);
    private static final Set<MessageState> UNANSWERED = EnumSet.of(MessageState.PENDING, MessageState.SENT,
            MessageState.NEEDS_ATTENTION);
    /** Small limits, so runs of thirty to eighty steps meet every one of them. */
    private static final OutboxPolicy POLICY = new OutboxPolicy(6, 1_500, Duration.ofMinutes(30), 9, 2_500, 4,
            400, 2, Duration.ofMinutes(60));

    /** One step of a run. */
    sealed interface Step {
    }

    /** Appends (or, with {@code rolledBack}, appends and then fails the business write). */
    record Append(int classIndex, int key, int size, boolean rolledBack) implements Step {
    }

    /** Publishes a deliverable message; its answer may come in the same outcome group. */
    record Publish(int pick, Answer answerInGroup) implements Step {
    }

    /** The centre answers a published, unanswered message. */
    record AnswerLater(int pick, boolean accept) implements Step {
    }

    /** An answer for a message never published (forged or stale), or a second answer to an answered one. */
    record StrayAnswer(int pick, boolean accept) implements Step {
    }

    /** The uplink cannot publish a deliverable message at all. */
    record Unsendable(int pick) implements Step {
    }

    /** After a reconnect: every SENT message back to PENDING, or to NEEDS_ATTENTION past the attempts. */
    record RequeueSent() implements Step {
    }

    /**
     * The operator retries a message needing attention (or an unknown id), through the service's
     * outbox or, with {@code fromAnotherProcess}, through {@link OutboxOperator} on a connection of
     * its own to the same file, as the technician's command does while the service runs.
     */
    record Retry(int pick, boolean fromAnotherProcess) implements Step {
    }

    /** Messages SENT longer ago than the ack timeout are published again (or need attention). */
    record RequeueUnanswered(int timeoutMinutes) implements Step {
    }

    /** Time passes, then the purge runs. */
    record PassTimeAndPurge(int minutes) implements Step {
    }

    enum Answer { NONE, ACCEPT, REJECT }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void theOutboxFollowsItsRules(@ForAll("runs") List<Step> run) throws Exception {
        Path dir = Files.createTempDirectory("outbox-model");
        ManualClock clock = new ManualClock(Instant.parse("2026-12-04T02:00:00Z"));
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            db.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.execute("CREATE TABLE business(ref INTEGER PRIMARY KEY)");
                }
                return null;
            });
            Outbox outbox = Outbox.open(db, "T01", POLICY, clock);
            Model model = new Model(clock);
            for (Step step : run) {
                apply(step, outbox, db, model, clock);
                check(outbox, model, step);
            }
            for (Model.Msg m : model.messages) {
                Optional<StoredMessage> stored = outbox.find(m.id);
                if (m.purged) {
                    assertTrue(stored.isEmpty(), m.id + " was purged");
                    continue;
                }
                StoredMessage s = stored.orElseThrow(() -> new AssertionError(m.id + " is missing"));
                assertEquals(m.state, s.state(), m.id);
                assertEquals(m.attempts, s.attempts(), m.id);
                assertEquals(m.lane, s.lane(), m.id);
                assertEquals(m.key, s.orderKey(), m.id);
                assertEquals(m.size, s.size(), m.id);
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void apply(Step step, Outbox outbox, SqliteDatabase db, Model model, ManualClock clock)
            throws SQLException {
        switch (step) {
            case Append a -> append(a, outbox, db, model);
            case Publish p -> {
                List<Model.Msg> deliverable = model.deliverableInBothLanes();
                if (deliverable.isEmpty()) {
                    return;
                }
                Model.Msg m = deliverable.get(p.pick() % deliverable.size());
                List<Outcome> group = new ArrayList<>();
                group.add(new Outcome.Published(m.id));
                switch (p.answerInGroup()) {
                    case ACCEPT -> group.add(new Outcome.Accepted(m.id));
                    case REJECT -> group.add(new Outcome.Rejected(m.id, "E_POLICY", "拒付"));
                    case NONE -> { }
                }
                assertEquals(model.apply(group), outbox.apply(group), "rows changed by " + group);
            }
            case AnswerLater a -> {
                List<Model.Msg> waiting = model.select(m -> m.sent && UNANSWERED.contains(m.state));
                if (!waiting.isEmpty()) {
                    answer(waiting.get(a.pick() % waiting.size()), a.accept(), outbox, model);
                }
            }
            case StrayAnswer a -> {
                List<Model.Msg> stray = model.select(m -> !m.purged && (!m.sent || !UNANSWERED.contains(m.state)));
                if (!stray.isEmpty()) {
                    answer(stray.get(a.pick() % stray.size()), a.accept(), outbox, model);
                }
            }
            case Unsendable u -> {
                List<Model.Msg> deliverable = model.deliverableInBothLanes();
                if (!deliverable.isEmpty()) {
                    List<Outcome> group = List.of(new Outcome.Unsendable(deliverable.get(u.pick() % deliverable.size()).id,
                            "E_TOO_LARGE", "大于服务器允许"));
                    assertEquals(model.apply(group), outbox.apply(group));
                }
            }
            case RequeueSent r -> assertEquals(model.requeueSent(Long.MAX_VALUE), outbox.requeueSent());
            case RequeueUnanswered r -> {
                Duration timeout = Duration.ofMinutes(r.timeoutMinutes());
                assertEquals(model.requeueSent(clock.millis() - timeout.toMillis()), outbox.requeueUnanswered(timeout));
            }
            case Retry r -> retry(r, outbox, db, model);
            case PassTimeAndPurge t -> {
                clock.advance(Duration.ofMinutes(t.minutes()));
                assertEquals(model.purge(POLICY.retention()), outbox.purge(), "purged");
            }
        }
    }

    private static void retry(Retry r, Outbox outbox, SqliteDatabase db, Model model) throws SQLException {
        List<Model.Msg> stuck = model.select(m -> m.state == MessageState.NEEDS_ATTENTION);
        String unknown = "T01-" + (model.messages.size() + 1000);
        if (r.fromAnotherProcess()) {
            try (SqliteDatabase technician = SqliteDatabase.open(db.file())) {
                OutboxOperator operator = OutboxOperator.existing(technician);
                if (stuck.isEmpty()) {
                    assertInstanceOf(OutboxOperator.Retry.Unknown.class, operator.retry(List.of(unknown)));
                    return;
                }
                Model.Msg m = stuck.get(r.pick() % stuck.size());
                assertInstanceOf(OutboxOperator.Retry.Done.class, operator.retry(List.of(m.id)));
                model.retry(m);
            }
            return;
        }
        if (stuck.isEmpty()) {
            assertFalse(outbox.retry(unknown), "an unknown id");
            return;
        }
        Model.Msg m = stuck.get(r.pick() % stuck.size());
        assertTrue(outbox.retry(m.id));
        model.retry(m);
    }

    private static void append(Append a, Outbox outbox, SqliteDatabase db, Model model) throws SQLException {
        MessageClass messageClass = List.of(HELD, FREE, CONTROL).get(a.classIndex());
        String key = a.key() < 0 ? null : "S" + a.key();
        NewMessage message = new NewMessage("claim.settle", messageClass, key, new byte[a.size()]);
        Admission expected = model.admission(messageClass, a.size());
        if (a.rolledBack()) {
            assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO business(ref) VALUES (NULL)");
                }
                outbox.append(c, message);
                throw new IllegalStateException("the business write failed after the append");
            }));
            return;
        }
        AppendResult result = outbox.append(message);
        if (expected instanceof Refused refused) {
            Refused actual = assertInstanceOf(Refused.class, result, "the model refuses: " + refused);
            assertEquals(refused.reason(), actual.reason(), actual.toString());
            return;
        }
        AppendResult.Appended appended = assertInstanceOf(AppendResult.Appended.class, result, "the model admits it");
        Model.Msg m = model.append(messageClass.lane(), key, a.size());
        assertEquals(m.id, appended.id(), "numbered one past every number ever committed");
    }

    private static void answer(Model.Msg m, boolean accept, Outbox outbox, Model model) throws SQLException {
        List<Outcome> group = List.of(accept ? new Outcome.Accepted(m.id) : new Outcome.Rejected(m.id, "E_DUP", "重复"));
        assertEquals(model.apply(group), outbox.apply(group), "rows changed by " + group);
    }

    private static void check(Outbox outbox, Model model, Step after) throws SQLException {
        for (Lane lane : Lane.values()) {
            BacklogStats expected = model.stats(lane);
            assertEquals(expected, outbox.stats(lane), lane + " backlog after " + after);
            List<String> deliverable = outbox.nextBatch(lane, 20, new HashSet<>()).stream().map(StoredMessage::id).toList();
            assertEquals(model.deliverable(lane).stream().map(m -> m.id).toList(), deliverable, lane + " deliverable after " + after);
        }
        assertEquals(model.select(m -> m.state == MessageState.NEEDS_ATTENTION || m.state == MessageState.REJECTED).stream()
                        .map(m -> m.id).limit(50).toList(),
                outbox.needingAttention(50).stream().map(StoredMessage::id).toList(), "needing attention after " + after);
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Step> append = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(-1, 3),
                        Arbitraries.integers().between(1, 450), Arbitraries.integers().between(0, 9))
                .as((c, k, size, rollback) -> new Append(c, k, size, rollback == 0));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Step> publish = Combinators.combine(pick, Arbitraries.of(Answer.class)).as(Publish::new);
        Arbitrary<Step> answerLater = Combinators.combine(pick, Arbitraries.of(true, true, false)).as(AnswerLater::new);
        Arbitrary<Step> stray = Combinators.combine(pick, Arbitraries.of(true, false)).as(StrayAnswer::new);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(5, append),
                Tuple.of(4, publish),
                Tuple.of(3, answerLater),
                Tuple.of(1, stray),
                Tuple.of(1, pick.map(Unsendable::new)),
                Tuple.of(2, Arbitraries.just(new RequeueSent())),
                Tuple.of(1, Combinators.combine(pick, Arbitraries.of(true, false)).as(Retry::new)),
                Tuple.of(1, Arbitraries.of(0, 10, 20).map(RequeueUnanswered::new)),
                // whole quarters often land exactly on the retention's edge
                Tuple.of(2, Arbitraries.of(0, 1, 15, 30, 45).map(PassTimeAndPurge::new)));
        return step.list().ofMinSize(30).ofMaxSize(80);
    }

    /** The rules of the outbox over a plain list of messages. */
    static final class Model {
        static final class Msg {
            final long seq;
            final String id;
            final Lane lane;
            final String key;
            final int size;
            final long createdAt;
            MessageState state = MessageState.PENDING;
            int attempts;
            boolean sent;
            long sentAt;
            long answeredAt;
            boolean purged;

            Msg(long seq, Lane lane, String key, int size, long createdAt) {
                this.seq = seq;
                this.id = "T01-" + seq;
                this.lane = lane;
                this.key = key;
                this.size = size;
                this.createdAt = createdAt;
            }
        }

        final List<Msg> messages = new ArrayList<>();
        private final ManualClock clock;

        Model(ManualClock clock) {
            this.clock = clock;
        }

        List<Msg> select(java.util.function.Predicate<Msg> which) {
            return messages.stream().filter(m -> !m.purged).filter(which).toList();
        }

        Msg append(Lane lane, String key, int size) {
            Msg m = new Msg(messages.size() + 1L, lane, key, size, clock.millis());
            messages.add(m);
            return m;
        }

        Admission admission(MessageClass messageClass, int size) {
            if (size > POLICY.maxPayloadBytes()) {
                return new Refused(RefusalReason.PAYLOAD_TOO_LARGE, "");
            }
            return Admissions.decide(POLICY, messageClass, stats(messageClass.lane()), size);
        }

        /** PENDING messages of the lane with no older unanswered message of their key in either lane, oldest first. */
        List<Msg> deliverable(Lane lane) {
            return select(m -> m.lane == lane && m.state == MessageState.PENDING && !blocked(m)).stream().limit(20).toList();
        }

        List<Msg> deliverableInBothLanes() {
            return Stream.concat(deliverable(Lane.MESSAGES).stream(), deliverable(Lane.CONTROL).stream())
                    .sorted(Comparator.comparingLong(m -> m.seq)).toList();
        }

        private boolean blocked(Msg m) {
            return m.key != null && messages.stream().anyMatch(e -> !e.purged && e.seq < m.seq && m.key.equals(e.key)
                    && UNANSWERED.contains(e.state));
        }

        BacklogStats stats(Lane lane) {
            List<Msg> backlog = select(m -> m.lane == lane && UNANSWERED.contains(m.state));
            Duration oldest = backlog.stream().mapToLong(m -> m.createdAt).min()
                    .stream().mapToObj(created -> Duration.ofMillis(Math.max(0, clock.millis() - created)))
                    .findFirst().orElse(Duration.ZERO);
            return new BacklogStats(backlog.size(), backlog.stream().mapToLong(m -> m.size).sum(), oldest,
                    select(m -> m.lane == lane && m.state == MessageState.NEEDS_ATTENTION).size(),
                    select(m -> m.lane == lane && m.state == MessageState.REJECTED).size());
        }

        /** As {@code MessageRows.apply}: a PUBACK answered later in its group only counts the attempt. */
        int apply(List<Outcome> group) {
            boolean[] answeredLater = new boolean[group.size()];
            Set<String> answered = new HashSet<>();
            for (int i = group.size() - 1; i >= 0; i--) {
                if (group.get(i) instanceof Outcome.Published) {
                    answeredLater[i] = answered.contains(group.get(i).id());
                } else {
                    answered.add(group.get(i).id());
                }
            }
            int changed = 0;
            for (int i = 0; i < group.size(); i++) {
                Outcome outcome = group.get(i);
                Msg m = byId(outcome.id());
                if (m == null) {
                    continue;
                }
                boolean done = switch (outcome) {
                    case Outcome.Published p -> m.state == MessageState.PENDING && published(m, !answeredLater[i]);
                    case Outcome.Accepted a -> m.sent && UNANSWERED.contains(m.state) && answer(m, MessageState.ACKED);
                    case Outcome.Rejected r -> m.sent && UNANSWERED.contains(m.state) && answer(m, MessageState.REJECTED);
                    case Outcome.Unsendable u -> m.state == MessageState.PENDING && answer(m, MessageState.NEEDS_ATTENTION);
                };
                changed += done ? 1 : 0;
            }
            return changed;
        }

        private boolean published(Msg m, boolean toSent) {
            m.attempts++;
            m.sent = true;
            m.sentAt = clock.millis();
            if (toSent) {
                m.state = MessageState.SENT;
            }
            return true;
        }

        private boolean answer(Msg m, MessageState state) {
            if (state != MessageState.NEEDS_ATTENTION) {
                m.answeredAt = clock.millis();
            }
            m.state = state;
            return true;
        }

        /** SENT messages published before {@code sentBefore} back to PENDING, or NEEDS_ATTENTION past the attempts. */
        int requeueSent(long sentBefore) {
            List<Msg> sent = select(m -> m.state == MessageState.SENT && m.sentAt < sentBefore);
            sent.forEach(m -> m.state = m.attempts >= POLICY.maxAttempts() ? MessageState.NEEDS_ATTENTION : MessageState.PENDING);
            return sent.size();
        }

        void retry(Msg m) {
            m.state = MessageState.PENDING;
            m.attempts = 0;
        }

        int purge(Duration retention) {
            long before = clock.millis() - retention.toMillis();
            List<Msg> old = select(m -> m.state == MessageState.ACKED && m.answeredAt < before);
            old.forEach(m -> m.purged = true);
            return old.size();
        }

        private Msg byId(String id) {
            return messages.stream().filter(m -> m.id.equals(id) && !m.purged).findFirst().orElse(null);
        }
    }
}
