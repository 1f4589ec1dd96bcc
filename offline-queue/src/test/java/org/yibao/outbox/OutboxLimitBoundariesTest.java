package org.yibao.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.outbox.OutboxTest.CONTROL;
import static org.yibao.outbox.OutboxTest.FREE;
import static org.yibao.outbox.OutboxTest.HELD;
import static org.yibao.outbox.OutboxTest.appendedId;
import static org.yibao.outbox.OutboxTest.message;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/**
 * The limits exactly at their edges (README "Outbox and uplink": soft / hard / control limits;
 * {@link Outbox#mayAppend}: "at the byte limit the answer is no, as the append's would be"), the
 * policy's own validation, and the control lane's count and bytes kept apart from the messages
 * lane. Found by a mutation pass (PIT): every limit was pinned on one side only.
 */
class OutboxLimitBoundariesTest {

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** soft 10 B, hard 20 B, control 2 messages, payloads up to 15 B. */
    private Outbox tight() throws SQLException {
        return Outbox.open(db, "T01", new OutboxPolicy(100, 10, Duration.ofHours(72), 100, 20, 2, 15, 3, Duration.ofDays(1)), clock);
    }

    @Test
    void theControlLaneRefusesAtItsOwnCountNotOneLater() throws SQLException {
        Outbox outbox = tight();
        appendedId(outbox.append(message(null, CONTROL, "one")));
        assertEquals(Admission.ADMITTED, outbox.mayAppend(CONTROL), "1 of 2");
        appendedId(outbox.append(message(null, CONTROL, "two")));
        Refused refused = assertInstanceOf(Refused.class, outbox.mayAppend(CONTROL), "2 of 2: the limit is reached");
        assertEquals(RefusalReason.HARD_LIMIT, refused.reason());
        assertFalse(refused.admitted(), "a refusal is not admitted");
        assertTrue(Admission.ADMITTED.admitted());
        assertEquals(RefusalReason.HARD_LIMIT, assertInstanceOf(Refused.class, outbox.append(message(null, CONTROL, "three"))).reason());
        assertEquals(2, outbox.stats(Lane.CONTROL).count(), "the refusal wrote nothing");
        assertEquals(Admission.ADMITTED, outbox.mayAppend(HELD), "a full control lane holds nothing of the messages lane");
    }

    @Test
    void eachLaneCountsOnlyItsOwnMessagesAndBytes() throws SQLException {
        Outbox outbox = tight();
        appendedId(outbox.append(message(null, CONTROL, "abc")));
        appendedId(outbox.append(message(null, CONTROL, "defgh")));
        appendedId(outbox.append(message(null, FREE, "1234567")));
        BacklogStats control = outbox.stats(Lane.CONTROL);
        assertEquals(2, control.count());
        assertEquals(8, control.bytes());
        BacklogStats messages = outbox.stats(Lane.MESSAGES);
        assertEquals(1, messages.count());
        assertEquals(7, messages.bytes());
    }

    @Test
    void theHardByteLimitAdmitsABacklogOfExactlyItsSizeAndNothingPastIt() throws SQLException {
        Outbox outbox = tight();
        appendedId(outbox.append(message(null, FREE, "twelve bytes")));
        appendedId(outbox.append(message(null, FREE, "8 bytes!")));
        assertEquals(20, outbox.stats(Lane.MESSAGES).bytes(), "12 + 8 = the hard limit, admitted");
        assertEquals(RefusalReason.HARD_LIMIT, assertInstanceOf(Refused.class, outbox.mayAppend(FREE)).reason(),
                "at the byte limit even the smallest message is refused");
        assertEquals(RefusalReason.HARD_LIMIT, assertInstanceOf(Refused.class, outbox.append(message(null, FREE, "x"))).reason());
    }

    @Test
    void theSoftByteLimitAdmitsAHeldMessageThatFillsItExactlyThenRefuses() throws SQLException {
        Outbox outbox = tight();
        appendedId(outbox.append(message(null, HELD, "ten bytes!")));
        assertEquals(10, outbox.stats(Lane.MESSAGES).bytes());
        assertEquals(RefusalReason.BACKLOG_BYTES, assertInstanceOf(Refused.class, outbox.mayAppend(HELD)).reason(),
                "at the byte limit the answer is no");
        assertEquals(Admission.ADMITTED, outbox.mayAppend(FREE), "self-pay still goes");
    }

    @Test
    void aPayloadOfExactlyTheLargestSizeIsTaken() throws SQLException {
        Outbox outbox = tight();
        appendedId(outbox.append(message(null, FREE, "fifteen bytes!!")));
        assertEquals(RefusalReason.PAYLOAD_TOO_LARGE,
                assertInstanceOf(Refused.class, outbox.append(message(null, FREE, "sixteen bytes!!!"))).reason());
    }

    @Test
    void aLimitOfOneBytePerPayloadStillAdmitsTheOneByteQuestion() throws SQLException {
        Outbox outbox = Outbox.open(db, "T01", new OutboxPolicy(100, 10, Duration.ofHours(72), 100, 20, 2, 1, 3, Duration.ofDays(1)), clock);
        assertEquals(Admission.ADMITTED, outbox.mayAppend(HELD), "mayAppend asks as for one byte, which is within a 1-byte limit");
        assertEquals(Admission.ADMITTED, outbox.mayAppend(HELD, Duration.ofHours(1)));
        appendedId(outbox.append(message(null, HELD, "x")));
    }

    @Test
    void thePolicyRefusesLimitsThatContradictEachOther() {
        Duration day = Duration.ofDays(1);
        // hard == soft is allowed, hard below soft is not (count, then bytes)
        new OutboxPolicy(10, 10, day, 10, 10, 1, 1, 1, day);
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, day, 9, 10, 1, 1, 1, day));
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, day, 10, 9, 1, 1, 1, day));
        // every count and size must be positive
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(0, 10, day, 10, 10, 1, 1, 1, day));
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 0, day, 10, 10, 1, 1, 1, day));
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, day, 10, 10, 0, 1, 1, day));
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, day, 10, 10, 1, 0, 1, day));
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, day, 10, 10, 1, 1, 0, day));
        // the offline limit must be positive; a retention of zero (purge at once) is allowed, a negative one not
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, Duration.ZERO, 10, 10, 1, 1, 1, day));
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, Duration.ofSeconds(-1), 10, 10, 1, 1, 1, day));
        new OutboxPolicy(10, 10, day, 10, 10, 1, 1, 1, Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> new OutboxPolicy(10, 10, day, 10, 10, 1, 1, 1, Duration.ofSeconds(-1)));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        OutboxPolicy p = OutboxPolicy.defaults();
        assertEquals(List.of(5_000L, 50L * 1024 * 1024, 20_000L, 200L * 1024 * 1024),
                List.of(p.softMaxCount(), p.softMaxBytes(), p.hardMaxCount(), p.hardMaxBytes()));
        assertEquals(Duration.ofHours(72), p.maxOldestAge());
        assertEquals(Duration.ofDays(30), p.retention());
        assertEquals(20, p.maxAttempts());
    }

    /** PENDING, SENT and NEEDS_ATTENTION are the backlog; ACKED and REJECTED are the centre's answers. */
    @Test
    void theUnacknowledgedStatesAreThoseTheBacklogCounts() {
        assertTrue(MessageState.PENDING.unacknowledged());
        assertTrue(MessageState.SENT.unacknowledged());
        assertTrue(MessageState.NEEDS_ATTENTION.unacknowledged());
        assertFalse(MessageState.ACKED.unacknowledged());
        assertFalse(MessageState.REJECTED.unacknowledged());
    }
}
