package org.yibao.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

class OutboxTest {

    static final MessageClass HELD = new MessageClass("FUND", Lane.MESSAGES, true);
    static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    static final MessageClass CONTROL = new MessageClass("CONTROL", Lane.CONTROL, false);

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    SqliteDatabase db;
    Outbox outbox;

    @BeforeEach
    void open() throws SQLException {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        db.inTransaction(c -> exec(c, "CREATE TABLE business(ref TEXT PRIMARY KEY, message_id TEXT)"));
        outbox = Outbox.open(db, "T01", OutboxPolicy.defaults().withCounts(3, 5), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void appendCommitsOrRollsBackWithTheBusinessWrite() throws SQLException {
        String id = db.inTransaction(c -> {
            exec(c, "INSERT INTO business VALUES ('S1', NULL)");
            return ((AppendResult.Appended) outbox.append(c, message("S1", HELD, "claim one"))).id();
        });
        assertEquals("T01-1", id);
        assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
            exec(c, "INSERT INTO business VALUES ('S2', NULL)");
            outbox.append(c, message("S2", HELD, "claim two"));
            throw new IllegalStateException("printer caught fire before commit");
        }));
        assertEquals(1, outbox.stats(Lane.MESSAGES).count());
        assertEquals("T01-2", appendedId(outbox.append(message("S3", FREE, "three"))), "rolled-back sequence is not burnt but never published either");
        assertTrue(outbox.find("T01-1").isPresent());
        assertArrayEquals("claim one".getBytes(UTF_8), outbox.find("T01-1").orElseThrow().payload());
    }

    @Test
    void appendOutsideTheCallersTransactionIsABug() {
        assertThrows(IllegalStateException.class, () -> outbox.append(db.connection(), message("S1", HELD, "x")));
    }

    /**
     * A database that numbered nothing yet takes the first number it is given (the terminal gives
     * one tied to the database's creation, so a replacement never reuses the old one's ids); once
     * it numbered a message, or was purged empty, it keeps its own numbering.
     */
    @Test
    void aDatabaseNumbersFromTheGivenNumberOnlyBeforeItsFirstMessage() throws SQLException {
        assertTrue(outbox.numberFrom(1_764_900_000_000L));
        assertEquals("T01-1764900000000", appendedId(outbox.append(message(null, FREE, "a"))));
        assertFalse(outbox.numberFrom(5), "it has numbered a message");
        assertEquals("T01-1764900000001", appendedId(outbox.append(message(null, FREE, "b"))));
        Outbox reopened = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
        assertFalse(reopened.numberFrom(9_000_000_000_000L), "nor after a reopen");
    }

    @Test
    void sequenceSurvivesReopen() throws SQLException {
        outbox.append(message(null, FREE, "a"));
        outbox.append(message(null, FREE, "b"));
        db.close();
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
        assertEquals("T01-3", appendedId(outbox.append(message(null, FREE, "c"))));
    }

    @Test
    void sameKeyWaitsForTheCentresAnswerOtherKeysFlow() throws SQLException {
        String settle = appendedId(outbox.append(message("S1", FREE, "settle")));
        String reverse = appendedId(outbox.append(message("S1", FREE, "reverse")));
        String other = appendedId(outbox.append(message("S2", FREE, "other")));

        assertEquals(List.of(settle, other), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())));
        assertEquals(List.of(other), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of(settle))), "in flight is excluded");

        outbox.apply(List.of(new Outcome.Published(settle), new Outcome.Published(other)));
        assertEquals(List.of(), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())), "a PUBACK is not the centre's answer");

        outbox.apply(List.of(new Outcome.Accepted(settle)));
        assertEquals(List.of(reverse), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())));
    }

    @Test
    void aRejectionAnswersTheKeyAndIsKeptForTheOperator() throws SQLException {
        String poisoned = appendedId(outbox.append(message("S1", FREE, "bad")));
        String next = appendedId(outbox.append(message("S1", FREE, "reversal")));
        outbox.apply(List.of(new Outcome.Published(poisoned), new Outcome.Rejected(poisoned, "E42", "目录编码不存在")));

        assertEquals(List.of(next), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())));
        StoredMessage rejected = outbox.find(poisoned).orElseThrow();
        assertEquals(MessageState.REJECTED, rejected.state());
        assertEquals("E42", rejected.resultCode());
        assertEquals("目录编码不存在", rejected.resultReason());
        assertEquals(List.of(poisoned), ids(outbox.needingAttention(10)));
        assertEquals(1, outbox.stats(Lane.MESSAGES).rejected());
        assertEquals(1, outbox.stats(Lane.MESSAGES).count(), "a rejected message is answered, not backlog");
    }

    @Test
    void duplicateAndLateAnswersAreHarmless() throws SQLException {
        String id = appendedId(outbox.append(message(null, FREE, "x")));
        assertEquals(2, outbox.apply(List.of(new Outcome.Published(id), new Outcome.Accepted(id))), "the attempt and the answer");
        assertEquals(0, outbox.apply(List.of(new Outcome.Published(id), new Outcome.Accepted(id),
                new Outcome.Rejected(id, "E1", "late"), new Outcome.Accepted("T01-999"))));
        assertEquals(MessageState.ACKED, outbox.find(id).orElseThrow().state());
        assertEquals(0, outbox.stats(Lane.MESSAGES).count());
    }

    /**
     * An answer names a message the centre can only have had if it was published: one for a
     * message never published (a forged or retained ack, e.g. for a reversal still held behind
     * its settlement) changes nothing, so the message is still delivered.
     */
    @Test
    void anAnswerForAMessageNeverPublishedChangesNothing() throws SQLException {
        String settle = appendedId(outbox.append(message("S1", FREE, "settle")));
        String reverse = appendedId(outbox.append(message("S1", FREE, "reverse")));
        String offline = appendedId(outbox.append(message(null, FREE, "made offline")));
        outbox.apply(List.of(new Outcome.Published(settle)));

        assertEquals(0, outbox.apply(List.of(new Outcome.Accepted(reverse), new Outcome.Accepted(offline),
                new Outcome.Rejected(offline, "E1", "forged"))), "a forged answer for a message never published");
        for (String id : List.of(reverse, offline)) {
            StoredMessage untouched = outbox.find(id).orElseThrow();
            assertEquals(MessageState.PENDING, untouched.state(), id);
            assertEquals(0, untouched.attempts(), id);
        }
        assertEquals(List.of(offline), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())), "the reversal still waits for its settlement");

        outbox.apply(List.of(new Outcome.Accepted(settle)));
        assertEquals(List.of(reverse, offline), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())), "and is delivered after it");
        assertEquals(4, outbox.apply(List.of(new Outcome.Published(reverse), new Outcome.Accepted(reverse),
                new Outcome.Published(offline), new Outcome.Rejected(offline, "E9", "real"))));
        assertEquals(MessageState.ACKED, outbox.find(reverse).orElseThrow().state());
        assertEquals(MessageState.REJECTED, outbox.find(offline).orElseThrow().state());
    }

    /**
     * An answer that overtakes its message's PUBACK within one group is dropped (the uplink
     * records the publish first when it knows of it); the PUBACK still makes the message SENT,
     * so it is published again after the ack timeout and answered then, not lost or looping.
     */
    @Test
    void anAnswerAheadOfItsPubackInOneGroupLeavesTheMessageSent() throws SQLException {
        String id = appendedId(outbox.append(message(null, FREE, "x")));
        assertEquals(1, outbox.apply(List.of(new Outcome.Accepted(id), new Outcome.Published(id))));
        StoredMessage sent = outbox.find(id).orElseThrow();
        assertEquals(MessageState.SENT, sent.state());
        assertEquals(1, sent.attempts());
        assertEquals(1, outbox.requeueSent());
        assertEquals(2, outbox.apply(List.of(new Outcome.Published(id), new Outcome.Accepted(id))));
        assertEquals(MessageState.ACKED, outbox.find(id).orElseThrow().state());
    }

    @Test
    void aMessageSetAsideAsTooLargeIsNotAnsweredByAForgedAck() throws SQLException {
        String big = appendedId(outbox.append(message("K", FREE, "too large")));
        outbox.apply(List.of(new Outcome.Unsendable(big, "E_TOO_LARGE", "报文过大")));
        assertEquals(0, outbox.apply(List.of(new Outcome.Accepted(big))));
        assertEquals(MessageState.NEEDS_ATTENTION, outbox.find(big).orElseThrow().state());
        assertEquals("E_TOO_LARGE", outbox.find(big).orElseThrow().resultCode());
    }

    @Test
    void aPubackAnsweredInTheSameGroupCountsTheAttemptAndGoesStraightToAcked() throws SQLException {
        String acked = appendedId(outbox.append(message("K", FREE, "one")));
        String next = appendedId(outbox.append(message("K", FREE, "two")));
        String rejected = appendedId(outbox.append(message(null, FREE, "three")));
        assertEquals(List.of(acked, rejected), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())));
        outbox.apply(List.of(new Outcome.Published(acked), new Outcome.Published(rejected),
                new Outcome.Accepted(acked), new Outcome.Rejected(rejected, "E9", "bad")));
        StoredMessage first = outbox.find(acked).orElseThrow();
        assertEquals(MessageState.ACKED, first.state());
        assertEquals(1, first.attempts());
        assertTrue(first.sentAt() != null, "the publish is recorded");
        assertEquals(1, outbox.find(rejected).orElseThrow().attempts());
        assertEquals(MessageState.REJECTED, outbox.find(rejected).orElseThrow().state());
        assertEquals(List.of(next), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())), "the key's next message is deliverable");
        assertEquals(List.of(), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of(next))), "excluded ids are left out");
    }

    @Test
    void readingBatchesOnTheReaderConnectionLeavesNoSnapshotThatWouldBlockCheckpoints() throws SQLException {
        appendedId(outbox.append(message(null, FREE, "one")));
        assertEquals(1, outbox.nextBatch(Lane.MESSAGES, 10, Set.of()).size());
        assertEquals(1, outbox.nextBatch(Lane.MESSAGES, 10, Set.of()).size(), "the cached statement runs again");
        int busy = db.inTransaction(c -> 0); // nothing pending on the writer
        try (Statement s = db.connection().createStatement();
             java.sql.ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            r.next();
            busy += r.getInt(1);
        }
        assertEquals(0, busy, "a full checkpoint is not blocked by the reader connection");
    }

    @Test
    void softLimitsHoldFundPayingClassesButNotSelfPayAndHardLimitHoldsAll() throws SQLException {
        for (int i = 0; i < 3; i++) {
            assertTrue(outbox.mayAppend(HELD).admitted());
            outbox.append(message(null, HELD, "m" + i));
        }
        Refused refused = assertInstanceOf(Refused.class, outbox.mayAppend(HELD));
        assertEquals(RefusalReason.BACKLOG_COUNT, refused.reason());
        assertInstanceOf(Refused.class, outbox.append(message(null, HELD, "refused")));
        assertTrue(outbox.mayAppend(FREE).admitted());
        outbox.append(message(null, FREE, "self pay 1"));
        outbox.append(message(null, FREE, "self pay 2"));
        assertEquals(RefusalReason.HARD_LIMIT, assertInstanceOf(Refused.class, outbox.append(message(null, FREE, "no"))).reason());
        assertEquals(5, outbox.stats(Lane.MESSAGES).count(), "refusals wrote nothing");
        assertTrue(outbox.mayAppend(CONTROL).admitted(), "control traffic has its own lane");
        assertTrue(outbox.append(message(null, CONTROL, "sign-in")) instanceof AppendResult.Appended);

        List<StoredMessage> batch = outbox.nextBatch(Lane.MESSAGES, 10, Set.of());
        outbox.apply(batch.stream().flatMap(m -> java.util.stream.Stream.<Outcome>of(
                new Outcome.Published(m.id()), new Outcome.Accepted(m.id()))).toList());
        assertTrue(outbox.mayAppend(HELD).admitted(), "acks free the backlog");
    }

    @Test
    void ageAndByteLimits() throws SQLException {
        OutboxPolicy tight = new OutboxPolicy(100, 10, Duration.ofHours(72), 100, 20, 10, 15, 3, Duration.ofDays(1));
        Outbox small = Outbox.open(db, "T01", tight, clock);
        assertEquals(RefusalReason.PAYLOAD_TOO_LARGE,
                assertInstanceOf(Refused.class, small.append(message(null, FREE, "sixteen bytes!!!"))).reason());
        small.append(message(null, HELD, "eight b."));
        assertEquals(RefusalReason.BACKLOG_BYTES,
                assertInstanceOf(Refused.class, small.append(message(null, HELD, "three"))).reason());
        String three = appendedId(small.append(message(null, FREE, "three")));
        small.apply(List.of(new Outcome.Published(three), new Outcome.Accepted(three)));

        clock.advance(Duration.ofHours(72));
        assertEquals(Duration.ofHours(72), small.stats(Lane.MESSAGES).oldestAge());
        assertEquals(Admission.ADMITTED, small.mayAppend(HELD), "72 h old is not older than the limit");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(RefusalReason.BACKLOG_AGE, assertInstanceOf(Refused.class, small.mayAppend(HELD)).reason());
    }

    /** A caller's own, shorter age limit (the terminal's policy in force) refuses held messages sooner; a longer one changes nothing. */
    @Test
    void aCallersShorterAgeLimitRefusesHeldMessagesSooner() throws SQLException {
        outbox.append(message("K", HELD, "waiting"));
        clock.advance(Duration.ofHours(2));
        assertEquals(Admission.ADMITTED, outbox.mayAppend(HELD, Duration.ofHours(2)), "2 h old is not older than 2 h");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(RefusalReason.BACKLOG_AGE, assertInstanceOf(Refused.class, outbox.mayAppend(HELD, Duration.ofHours(2))).reason());
        assertEquals(Admission.ADMITTED, outbox.mayAppend(FREE, Duration.ofHours(2)), "messages not held by the backlog still go");
        assertEquals(Admission.ADMITTED, outbox.mayAppend(HELD), "the outbox's own 72 h");
        clock.advance(Duration.ofHours(70));
        assertEquals(RefusalReason.BACKLOG_AGE, assertInstanceOf(Refused.class, outbox.mayAppend(HELD, Duration.ofHours(96))).reason(),
                "a longer limit than the outbox's own does not lift it");
    }

    @Test
    void unansweredMessagesAreResentThenNeedAttentionAndNeverDeleted() throws SQLException {
        Outbox twice = Outbox.open(db, "T01", OutboxPolicy.defaults().withMaxAttempts(2), clock);
        String id = appendedId(twice.append(message("K", FREE, "never answered")));
        String held = appendedId(twice.append(message("K", FREE, "behind it")));
        twice.apply(List.of(new Outcome.Published(id)));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, twice.requeueUnanswered(Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, twice.requeueUnanswered(Duration.ofSeconds(60)));
        assertEquals(MessageState.PENDING, twice.find(id).orElseThrow().state());
        twice.apply(List.of(new Outcome.Published(id)));
        assertEquals(1, twice.requeueSent());
        StoredMessage stuck = twice.find(id).orElseThrow();
        assertEquals(MessageState.NEEDS_ATTENTION, stuck.state());
        assertEquals(2, stuck.attempts());
        assertEquals(List.of(), ids(twice.nextBatch(Lane.MESSAGES, 10, Set.of())), "the key stays held");

        clock.advance(Duration.ofDays(365));
        assertEquals(0, twice.purge());
        SQLException refused = assertThrows(SQLException.class,
                () -> db.inTransaction(c -> exec(c, "DELETE FROM outbox_message")));
        assertTrue(refused.getMessage().contains("only ACKED"), refused.getMessage());

        assertTrue(twice.retry(id));
        assertEquals(List.of(id), ids(twice.nextBatch(Lane.MESSAGES, 10, Set.of())));
        twice.apply(List.of(new Outcome.Accepted(id)));
        assertEquals(List.of(held), ids(twice.nextBatch(Lane.MESSAGES, 10, Set.of())));
    }

    @Test
    void ackedRowsArePurgedOnlyPastRetention() throws SQLException {
        String acked = appendedId(outbox.append(message(null, FREE, "a")));
        String pending = appendedId(outbox.append(message(null, FREE, "b")));
        outbox.apply(List.of(new Outcome.Published(acked), new Outcome.Accepted(acked)));
        clock.advance(Duration.ofDays(29));
        assertEquals(0, outbox.purge());
        clock.advance(Duration.ofDays(2));
        assertEquals(1, outbox.purge());
        assertTrue(outbox.find(acked).isEmpty());
        assertTrue(outbox.find(pending).isPresent());
    }

    /**
     * The running totals live in the newest row; a purge that deletes it while an older message
     * still waits must not take the purged messages out of the count (schema 2 read the older
     * row's totals: backlog 0 with a message waiting, and every later append built on that).
     */
    @Test
    void purgingTheNewestRowWhileAnOlderOneWaitsKeepsTheBacklog() throws SQLException {
        String waiting = appendedId(outbox.append(message("K1", HELD, "no answer yet")));
        String answered = appendedId(outbox.append(message("K2", HELD, "answered")));
        outbox.apply(List.of(new Outcome.Published(waiting), new Outcome.Published(answered), new Outcome.Accepted(answered)));
        clock.advance(Duration.ofDays(31));
        assertEquals(1, outbox.purge());
        assertTrue(outbox.find(answered).isEmpty(), "the newest row is gone");
        BacklogStats backlog = outbox.stats(Lane.MESSAGES);
        assertEquals(1, backlog.count());
        assertEquals("no answer yet".length(), backlog.bytes());
        assertEquals(Duration.ofDays(31), backlog.oldestAge());

        appendedId(outbox.append(message("K3", FREE, "next")));
        assertEquals(2, outbox.stats(Lane.MESSAGES).count(), "an append after the purge counts on from the truth");
        for (String text : List.of("3", "4", "5")) {
            appendedId(outbox.append(message(null, FREE, text)));
        }
        Refused full = assertInstanceOf(Refused.class, outbox.append(message(null, FREE, "6")));
        assertEquals(RefusalReason.HARD_LIMIT, full.reason(), "the hard limit of 5 counts the waiting message: " + full);
    }

    @Test
    void idsAreNeverHandedOutAgainEvenAfterEveryRowWasPurged() throws SQLException {
        String first = appendedId(outbox.append(message(null, FREE, "a")));
        String second = appendedId(outbox.append(message(null, FREE, "b")));
        assertEquals(List.of("T01-1", "T01-2"), List.of(first, second));
        outbox.apply(List.of(new Outcome.Published(first), new Outcome.Published(second),
                new Outcome.Accepted(first), new Outcome.Accepted(second)));
        clock.advance(Duration.ofDays(31));
        assertEquals(2, outbox.purge());
        assertEquals(0, outbox.stats(Lane.MESSAGES).count());
        assertEquals("T01-3", appendedId(outbox.append(message(null, FREE, "c"))), "the numbers of purged rows stay used");
        assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
            outbox.append(c, message(null, FREE, "rolled back"));
            throw new IllegalStateException("business failure");
        }));
        assertEquals("T01-4", appendedId(outbox.append(message(null, FREE, "d"))), "a rolled-back append used no number");
    }

    static NewMessage message(String key, MessageClass messageClass, String text) {
        return new NewMessage("claim.test", messageClass, key, text.getBytes(UTF_8));
    }

    static String appendedId(AppendResult result) {
        return assertInstanceOf(AppendResult.Appended.class, result).id();
    }

    static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    static Void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}
