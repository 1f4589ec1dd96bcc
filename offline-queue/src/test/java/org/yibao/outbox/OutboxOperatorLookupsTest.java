package org.yibao.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.yibao.outbox.OutboxTest.FREE;
import static org.yibao.outbox.OutboxTest.appendedId;
import static org.yibao.outbox.OutboxTest.message;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/**
 * The technician's look-ups ({@code terminal outbox}): a message's state and payload by id,
 * "retry all", and the times a summary shows (null until they happen). The offline-queue's own
 * tests never called them; found by a mutation pass.
 */
class OutboxOperatorLookupsTest {

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
    void stateAndPayloadByIdAndNothingForAnUnknownId() throws Exception {
        String id = appendedId(outbox.append(message("K", FREE, "理赔 claim")));
        OutboxOperator operator = OutboxOperator.existing(service);
        assertEquals(Optional.of(MessageState.PENDING), operator.state(id));
        assertArrayEquals("理赔 claim".getBytes(UTF_8), operator.payload(id).orElseThrow());
        assertEquals(Optional.empty(), operator.state("T01-99"));
        assertEquals(Optional.empty(), operator.payload("T01-99"));
        assertEquals(Optional.empty(), operator.state("T02-" + id.substring(4)), "an id naming this row's number under another device id");
    }

    @Test
    void retryAllPutsEveryMessageNeedingAttentionBackAndReturnsThemAsTheyWere() throws Exception {
        String first = appendedId(outbox.append(message("K1", FREE, "one")));
        String second = appendedId(outbox.append(message("K2", FREE, "two")));
        String fine = appendedId(outbox.append(message("K3", FREE, "three")));
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
