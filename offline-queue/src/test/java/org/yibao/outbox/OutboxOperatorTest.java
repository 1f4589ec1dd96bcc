package org.yibao.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.MissingTableException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/** An operator's look at, and retry of, an outbox another connection (the running service) holds. */
class OutboxOperatorTest {
    static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);

    @TempDir Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    SqliteDatabase service;
    Outbox outbox;

    @BeforeEach
    void open() throws Exception {
        service = SqliteDatabase.open(dir.resolve("terminal.db"));
        outbox = Outbox.open(service, "T01", OutboxPolicy.defaults().withMaxAttempts(1), clock);
    }

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void aMessageSetAsideAsTooLargeIsListedAndRetriedWithItsReasonCleared() throws Exception {
        String big = append("K1");
        String rejected = append("K2");
        String pending = append("K3");
        // the centre can only refuse what it was sent: the refused message was published first
        outbox.apply(List.of(new Outcome.Unsendable(big, "E_TOO_LARGE", "报文过大"), new Outcome.Published(rejected),
                new Outcome.Rejected(rejected, "E1", "重复")));

        try (SqliteDatabase readOnly = SqliteDatabase.openReadOnly(dir.resolve("terminal.db"))) {
            OutboxOperator look = OutboxOperator.existing(readOnly);
            List<OutboxOperator.Summary> listed = look.list(false, 100);
            assertEquals(List.of(big, rejected), listed.stream().map(OutboxOperator.Summary::id).toList());
            assertEquals("E_TOO_LARGE", listed.getFirst().resultCode());
            assertEquals(3, look.list(true, 100).size());
            assertEquals(1, look.attentionCounts()[0]);
            assertEquals(1, look.attentionCounts()[1]);
        }

        try (SqliteDatabase technician = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            OutboxOperator op = OutboxOperator.existing(technician);
            OutboxOperator.Retry.NotRetryable refused = assertInstanceOf(OutboxOperator.Retry.NotRetryable.class,
                    op.retry(List.of(big, rejected)));
            assertEquals(rejected, refused.message().id());
            assertEquals(MessageState.NEEDS_ATTENTION, outbox.find(big).orElseThrow().state(), "all or none");
            assertInstanceOf(OutboxOperator.Retry.Unknown.class, op.retry(List.of("T01-77")));
            assertInstanceOf(OutboxOperator.Retry.NotRetryable.class, op.retry(List.of(pending)));

            OutboxOperator.Retry.Done done = assertInstanceOf(OutboxOperator.Retry.Done.class, op.retry(List.of(big)));
            assertEquals("E_TOO_LARGE", done.retried().getFirst().resultCode(), "as it was before the retry");
        }
        StoredMessage again = outbox.find(big).orElseThrow();
        assertEquals(MessageState.PENDING, again.state());
        assertNull(again.resultCode());
        assertEquals(List.of(big, pending), outbox.nextBatch(Lane.MESSAGES, 10, Set.of()).stream().map(StoredMessage::id).toList());
        assertEquals(0, outbox.stats(Lane.MESSAGES).needsAttention());
    }

    /**
     * After a package upgrade and before the service starts again, the outbox is still schema 2:
     * the technician's commands list and retry it as they did; schema 1 and a newer schema than
     * the program's are refused with what to do, in Chinese.
     */
    @Test
    void aSchema2OutboxIsStillOperableOthersAreRefusedSayingWhatToDo() throws Exception {
        String big = append("K1");
        outbox.apply(List.of(new Outcome.Unsendable(big, "E_TOO_LARGE", "报文过大")));
        setVersion(2);
        try (SqliteDatabase technician = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            OutboxOperator op = OutboxOperator.existing(technician);
            assertEquals(List.of(big), op.list(false, 10).stream().map(OutboxOperator.Summary::id).toList());
            assertInstanceOf(OutboxOperator.Retry.Done.class, op.retry(List.of(big)));
        }
        assertEquals(MessageState.PENDING, outbox.find(big).orElseThrow().state());

        setVersion(1);
        SQLException old = assertThrows(SQLException.class, () -> OutboxOperator.existing(service));
        assertEquals("本机消息队列（outbox）仍是旧版本 1，请先启动一次终端服务，它会把消息队列升级", old.getMessage());
        setVersion(OutboxSchema.VERSION + 1);
        SQLException newer = assertThrows(SQLException.class, () -> OutboxOperator.existing(service));
        assertEquals("本机消息队列（outbox）的版本 " + (OutboxSchema.VERSION + 1) + " 比本程序的 " + OutboxSchema.VERSION
                + " 新，请使用与终端服务同一版本的程序", newer.getMessage());
    }

    private void setVersion(int version) throws SQLException {
        service.inTransaction(c -> OutboxTest.exec(c, "UPDATE outbox_schema_version SET version = " + version));
    }

    @Test
    void aDatabaseWithoutAnOutboxIsNotOne(@TempDir Path other) throws Exception {
        try (SqliteDatabase empty = SqliteDatabase.open(other.resolve("x.db"))) {
            assertThrows(MissingTableException.class, () -> OutboxOperator.existing(empty));
        }
    }

    private String append(String key) throws Exception {
        return ((AppendResult.Appended) outbox.append(new NewMessage("claim", FREE, key, "p".getBytes(UTF_8)))).id();
    }

    /** The technician's look-ups ({@code terminal outbox}): state and payload by id, "retry all" (found unpinned by a mutation pass). */
    @Test
    void stateAndPayloadByIdAndNothingForAnUnknownId() throws Exception {
        String id = OutboxTest.appendedId(outbox.append(OutboxTest.message("K", FREE, "理赔 claim")));
        OutboxOperator operator = OutboxOperator.existing(service);
        assertEquals(Optional.of(MessageState.PENDING), operator.state(id));
        assertArrayEquals("理赔 claim".getBytes(UTF_8), operator.payload(id).orElseThrow());
        assertEquals(Optional.empty(), operator.state("T01-99"));
        assertEquals(Optional.empty(), operator.payload("T01-99"));
        assertEquals(Optional.empty(), operator.state("T02-" + id.substring(4)), "an id naming this row's number under another device id");
    }

    @Test
    void retryAllPutsEveryMessageNeedingAttentionBackAndReturnsThemAsTheyWere() throws Exception {
        String first = OutboxTest.appendedId(outbox.append(OutboxTest.message("K1", FREE, "one")));
        String second = OutboxTest.appendedId(outbox.append(OutboxTest.message("K2", FREE, "two")));
        String fine = OutboxTest.appendedId(outbox.append(OutboxTest.message("K3", FREE, "three")));
        outbox.apply(List.of(new Outcome.Published(first), new Outcome.Published(second)));
        outbox.requeueSent(); // max 1 attempt: both need attention
        clock.advance(java.time.Duration.ofMinutes(1));

        List<OutboxOperator.Summary> retried = OutboxOperator.existing(service).retryAllNeedingAttention();

        assertEquals(List.of(first, second), retried.stream().map(OutboxOperator.Summary::id).toList());
        OutboxOperator.Summary before = retried.getFirst();
        assertEquals(MessageState.NEEDS_ATTENTION, before.state());
        assertEquals(1, before.attempts());
        assertEquals(Instant.parse("2026-11-23T08:00:00Z"), before.sentAt(), "the time it was published");
        assertNull(before.answeredAt(), "never answered");
        for (String id : List.of(first, second, fine)) {
            assertEquals(MessageState.PENDING, outbox.find(id).orElseThrow().state(), id);
        }
        assertEquals(0, outbox.find(first).orElseThrow().attempts());
        assertEquals(List.of(), OutboxOperator.existing(service).retryAllNeedingAttention(), "nothing left to retry");
    }
}
