package org.yibao.outbox.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;

/** The committer applies outcomes in order, reports them, and keeps them through a failed commit. */
class OutcomeCommitterTest {

    private static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);

    @TempDir
    Path dir;

    @Test
    void commitsInOrderAndRetriesAFailedCommitWithoutLosingOutcomes() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            String id = ((AppendResult.Appended) outbox.append(new NewMessage("claim.test", FREE, null, "x".getBytes(UTF_8)))).id();
            List<Outcome> committed = new CopyOnWriteArrayList<>();
            List<String> failures = new CopyOnWriteArrayList<>();
            OutcomeCommitter committer = new OutcomeCommitter(outbox, new OutcomeCommitter.Listener() {
                @Override
                public void committed(List<Outcome> outcomes) {
                    pause(); // a slow listener: awaitCommitted must still wait for it
                    committed.addAll(outcomes);
                }

                @Override
                public void failed(String cause) {
                    failures.add(cause);
                }
            }, Duration.ofMillis(50), Duration.ofHours(1), "test-commit");
            try {
                committer.submit(new Outcome.Published(id));
                assertTrue(committer.awaitCommitted(Duration.ofSeconds(10)));
                assertEquals(MessageState.SENT, outbox.find(id).orElseThrow().state());
                assertEquals(List.of(new Outcome.Published(id)), committed);

                db.inTransaction(c -> exec(c, "CREATE TRIGGER refuse BEFORE UPDATE ON outbox_message"
                        + " BEGIN SELECT RAISE(ABORT, 'disk says no'); END"));
                committer.submit(new Outcome.Accepted(id));
                assertFalse(committer.awaitCommitted(Duration.ofMillis(300)), "a refused commit is not reported as done");
                // the wait above ends on its clock, not on the committer's attempt: a busy machine may not have made it yet
                Eventually.await(Duration.ofSeconds(10), () -> !failures.isEmpty(), () -> "the refused commit was not reported");
                assertTrue(failures.getFirst().contains("disk says no"), failures.getFirst());
                assertEquals(MessageState.SENT, outbox.find(id).orElseThrow().state());

                db.inTransaction(c -> exec(c, "DROP TRIGGER refuse"));
                assertTrue(committer.awaitCommitted(Duration.ofSeconds(10)), "the kept outcome is committed on a retry");
                assertEquals(MessageState.ACKED, outbox.find(id).orElseThrow().state());
                assertEquals(List.of(new Outcome.Published(id), new Outcome.Accepted(id)), committed);
            } finally {
                committer.close();
            }
        }
    }

    @Test
    void holdsPubacksAloneUntilTheAnswerJoinsThemInOneCommit() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            String id = ((AppendResult.Appended) outbox.append(new NewMessage("claim.test", FREE, null, "x".getBytes(UTF_8)))).id();
            List<List<Outcome>> groups = new CopyOnWriteArrayList<>();
            OutcomeCommitter committer = new OutcomeCommitter(outbox, new OutcomeCommitter.Listener() {
                @Override
                public void committed(List<Outcome> outcomes) {
                    groups.add(List.copyOf(outcomes));
                }

                @Override
                public void failed(String cause) {
                }
            }, Duration.ofMillis(50), Duration.ofHours(1), "test-commit");
            try {
                committer.submit(new Outcome.Published(id));
                pause(); // the committer has taken the PUBACK by now; without the linger it would commit it alone
                assertEquals(List.of(), groups, "a PUBACK alone waits for the answer");
                committer.submit(new Outcome.Accepted(id));
                assertTrue(committer.awaitCommitted(Duration.ofSeconds(10)));
                assertEquals(List.of(List.of(new Outcome.Published(id), new Outcome.Accepted(id))), groups);
                assertEquals(MessageState.ACKED, outbox.find(id).orElseThrow().state());
                assertEquals(1, outbox.find(id).orElseThrow().attempts());
            } finally {
                committer.close();
            }
        }
    }

    @Test
    void aGroupOfPubacksAloneIsAllThatIsHeld() {
        assertTrue(OutcomeCommitter.pubacksOnly(List.of(new Outcome.Published("T01-1"), new Outcome.Published("T01-2"))));
        assertFalse(OutcomeCommitter.pubacksOnly(List.of(new Outcome.Published("T01-1"), new Outcome.Rejected("T01-1", "E", "r"))));
        assertFalse(OutcomeCommitter.pubacksOnly(List.of(new Outcome.Accepted("T01-1"))));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object exec(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}
