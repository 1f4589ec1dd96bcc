package org.yibao.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.outbox.OutboxTest.CONTROL;
import static org.yibao.outbox.OutboxTest.FREE;
import static org.yibao.outbox.OutboxTest.appendedId;
import static org.yibao.outbox.OutboxTest.ids;
import static org.yibao.outbox.OutboxTest.message;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/**
 * What the outbox keeps of an answer for the operator (README: REJECTED keeps "the centre's code
 * and reason"; a message set aside as too large keeps its code and Chinese reason), when a
 * lane's newest message was appended, the numbering's first number, ids the caller excludes
 * whatever they hold, and the head flag an append writes. Each was found unpinned by a mutation
 * pass over the outbox.
 */
class OutboxRecordsWhatItWasToldTest {

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    SqliteDatabase db;
    Outbox outbox;

    @BeforeEach
    void open() throws SQLException {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRejectionKeepsWhenItCameWithTheCentresCodeAndReason() throws SQLException {
        String id = appendedId(outbox.append(message(null, FREE, "claim")));
        outbox.apply(List.of(new Outcome.Published(id)));
        clock.advance(Duration.ofSeconds(5));
        outbox.apply(List.of(new Outcome.Rejected(id, "E42", "目录编码不存在")));
        StoredMessage rejected = outbox.find(id).orElseThrow();
        assertEquals(clock.instant(), rejected.answeredAt(), "the answer's time, shown to the operator");
        assertEquals(clock.instant().minusSeconds(5), rejected.sentAt());
        assertEquals("E42", rejected.resultCode());
        assertEquals("目录编码不存在", rejected.resultReason());
    }

    @Test
    void aMessageSetAsideKeepsTheUplinksCodeAndReason() throws SQLException {
        String big = appendedId(outbox.append(message("K", FREE, "too large")));
        assertEquals(1, outbox.apply(List.of(new Outcome.Unsendable(big, "E_TOO_LARGE", "报文过大，超过服务器允许的大小"))));
        StoredMessage aside = outbox.find(big).orElseThrow();
        assertEquals(MessageState.NEEDS_ATTENTION, aside.state());
        assertEquals("E_TOO_LARGE", aside.resultCode());
        assertEquals("报文过大，超过服务器允许的大小", aside.resultReason());
        assertEquals(List.of(big), ids(outbox.needingAttention(10)));
    }

    @Test
    void theNewestAppendedTimeIsPerLane() throws SQLException {
        assertEquals(Optional.empty(), outbox.newestAppendedAt(Lane.MESSAGES), "nothing stored");
        outbox.append(message(null, FREE, "first"));
        clock.advance(Duration.ofMinutes(1));
        Instant newestMessage = clock.instant();
        outbox.append(message(null, FREE, "second"));
        clock.advance(Duration.ofMinutes(1));
        outbox.append(message(null, CONTROL, "later, other lane"));
        assertEquals(Optional.of(newestMessage), outbox.newestAppendedAt(Lane.MESSAGES));
        assertEquals(Optional.of(clock.instant()), outbox.newestAppendedAt(Lane.CONTROL));
        assertEquals(Optional.of(newestMessage), OutboxOperator.existing(db).newestAppendedAt(Lane.MESSAGES), "the operator's view too");
        assertEquals("T01", outbox.deviceId());
    }

    @Test
    void aDatabaseMayBeNumberedFromOneButNotFromZero() throws SQLException {
        assertThrows(IllegalArgumentException.class, () -> outbox.numberFrom(0));
        assertTrue(outbox.numberFrom(1));
        assertEquals("T01-1", appendedId(outbox.append(message(null, FREE, "a"))));
    }

    @Test
    void excludedIdsAreLeftOutWhateverCharactersTheyHold() throws SQLException {
        String a = appendedId(outbox.append(message(null, FREE, "a")));
        String b = appendedId(outbox.append(message(null, FREE, "b")));
        Set<String> exclude = new LinkedHashSet<>(List.of("line\nbreak", "tab\there", "quote\"back\\slash", "\u0001", b));
        assertEquals(List.of(a), ids(outbox.nextBatch(Lane.MESSAGES, 10, exclude)));
        assertEquals(List.of(), outbox.nextBatch(Lane.MESSAGES, 0, Set.of()), "none asked, none read");
    }

    /**
     * README "What an append writes": a row is in {@code outbox_head} ("ready") when it is its
     * key's head in its lane or has no key; a key's later message is not, until the trigger makes
     * it the head once the earlier one is answered.
     */
    @Test
    void onlyAKeysFirstUnansweredMessageIsWrittenAsItsHead() throws SQLException {
        String settle = appendedId(outbox.append(message("S1", FREE, "settle")));
        String reverse = appendedId(outbox.append(message("S1", FREE, "reverse")));
        String loose = appendedId(outbox.append(message(null, FREE, "no key")));
        assertEquals(1, ready(settle));
        assertEquals(0, ready(reverse), "held behind its settlement");
        assertEquals(1, ready(loose));
        outbox.apply(List.of(new Outcome.Published(settle), new Outcome.Accepted(settle)));
        assertEquals(1, ready(reverse), "the head once its settlement was answered");
        assertEquals(List.of(reverse, loose), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())));
    }

    private int ready(String id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ready FROM outbox_message WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }
}
