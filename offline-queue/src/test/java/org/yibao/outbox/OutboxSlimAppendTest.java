package org.yibao.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.outbox.OutboxTest.appendedId;
import static org.yibao.outbox.OutboxTest.ids;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/**
 * The invariants of the slim append (schema 2): an append writes its row and nothing else; the
 * backlog derived from the running totals, the oldest unanswered head and the deliverable heads
 * always equal what the rows themselves say, through appends, rollbacks, outcomes, re-queues,
 * retries and purges; ids are found without an index on them, whatever device id numbered them.
 */
class OutboxSlimAppendTest {

    private static final MessageClass CONTROL = new MessageClass("CONTROL", Lane.CONTROL, false);

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

    @Test
    void anAppendWritesItsRowAndNoCountersRow() throws SQLException {
        Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
        outbox.append(OutboxTest.message("K", OutboxTest.FREE, "first"));
        long changes = db.inTransaction(c -> {
            long before = scalar(c, "SELECT total_changes()");
            outbox.append(c, OutboxTest.message("K", OutboxTest.FREE, "blocked behind the first"));
            outbox.append(c, OutboxTest.message(null, CONTROL, "control"));
            return scalar(c, "SELECT total_changes()") - before;
        });
        assertEquals(2, changes, "two appends changed two rows: no trigger rewrote a counters row");
    }

    @Test
    void aKeyOrdersAcrossLanesAndALaneCountsTheAgeOfAMessageTheOtherLaneHolds() throws SQLException {
        Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
        String settle = appendedId(outbox.append(OutboxTest.message("K", OutboxTest.FREE, "settle")));
        clock.advance(Duration.ofSeconds(10));
        String control = appendedId(outbox.append(OutboxTest.message("K", CONTROL, "same key, control lane")));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(5), outbox.stats(Lane.CONTROL).oldestAge());
        assertEquals(List.of(), ids(outbox.nextBatch(Lane.CONTROL, 10, Set.of())), "held by its key's older message");
        outbox.apply(List.of(new Outcome.Published(settle), new Outcome.Accepted(settle)));
        assertEquals(List.of(control), ids(outbox.nextBatch(Lane.CONTROL, 10, Set.of())));
    }

    @Test
    void backlogAndDeliverableHeadsAlwaysMatchTheRows() throws SQLException {
        for (long seed = 1; seed <= 4; seed++) {
            Path file = dir.resolve("random-" + seed + ".db");
            try (SqliteDatabase random = SqliteDatabase.open(file)) {
                runRandomWork(random, new Random(seed));
            }
        }
    }

    private void runRandomWork(SqliteDatabase database, Random random) throws SQLException {
        Outbox outbox = Outbox.open(database, "T01", OutboxPolicy.defaults().withMaxAttempts(2), clock);
        List<String> appended = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            int op = random.nextInt(100);
            if (op < 45) {
                MessageClass messageClass = random.nextInt(6) == 0 ? CONTROL : OutboxTest.FREE;
                String key = random.nextInt(3) == 0 ? null : "K" + random.nextInt(5);
                AppendResult result = outbox.append(OutboxTest.message(key, messageClass, "x".repeat(1 + random.nextInt(40))));
                appended.add(appendedId(result));
            } else if (op < 50) {
                assertThrows(IllegalStateException.class, () -> database.inTransaction(c -> {
                    outbox.append(c, OutboxTest.message("K1", OutboxTest.FREE, "rolled back"));
                    throw new IllegalStateException("business write failed");
                }));
            } else if (op < 80 && !appended.isEmpty()) {
                String id = appended.get(random.nextInt(appended.size()));
                Outcome outcome = switch (random.nextInt(3)) {
                    case 0 -> new Outcome.Published(id);
                    case 1 -> new Outcome.Accepted(id);
                    default -> new Outcome.Rejected(id, "E1", "refused");
                };
                outbox.apply(List.of(outcome));
            } else if (op < 87) {
                outbox.requeueSent();
            } else if (op < 92 && !appended.isEmpty()) {
                outbox.retry(appended.get(random.nextInt(appended.size())));
            } else {
                clock.advance(Duration.ofDays(random.nextInt(40)));
                outbox.purge();
            }
            clock.advance(Duration.ofSeconds(random.nextInt(30)));
            for (Lane lane : Lane.values()) {
                assertEquals(fromRows(database, lane), outbox.stats(lane), "step " + step + ", lane " + lane);
                assertEquals(deliverableFromRows(database, lane), ids(outbox.nextBatch(lane, 1_000, Set.of())),
                        "step " + step + ", lane " + lane);
            }
        }
    }

    @Test
    void idsOfAnotherDeviceIdStayFindableAndAnIdNamingAnotherRowFindsNothing() throws SQLException {
        Outbox before = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
        String first = appendedId(before.append(OutboxTest.message(null, OutboxTest.FREE, "one")));
        String second = appendedId(before.append(OutboxTest.message(null, OutboxTest.FREE, "two")));
        Outbox after = Outbox.open(db, "T02", OutboxPolicy.defaults(), clock); // re-provisioned
        String third = appendedId(after.append(OutboxTest.message(null, OutboxTest.FREE, "three")));
        assertEquals(List.of("T01-1", "T01-2", "T02-3"), List.of(first, second, third));

        for (String id : List.of(first, second, third)) {
            assertEquals(id, after.find(id).orElseThrow().id());
        }
        for (String wrong : List.of("T02-1", "T01-3", "T01-01", "T01-", "T01", "-1", "1", "", "T01-99999999999999999999",
                "T01-1x")) {
            assertTrue(after.find(wrong).isEmpty(), wrong);
        }
        assertEquals(2, after.apply(List.of(new Outcome.Published(first), new Outcome.Published(third))));
        assertEquals(0, after.apply(List.of(new Outcome.Accepted("T02-1"), new Outcome.Accepted("T01-3"))),
                "an answer naming another row's number under another device id changes nothing");
        assertEquals(MessageState.SENT, after.find(first).orElseThrow().state());
        assertEquals(2, after.apply(List.of(new Outcome.Accepted(first), new Outcome.Rejected(third, "E1", "no"))));
        assertEquals(MessageState.ACKED, after.find(first).orElseThrow().state());
        assertEquals(MessageState.REJECTED, after.find(third).orElseThrow().state());
        assertFalse(after.retry("T02-2"));
    }

    /** The lane's backlog computed from the rows, the way the first schema's counters meant it. */
    private BacklogStats fromRows(SqliteDatabase database, Lane lane) throws SQLException {
        return database.read(c -> {
            String unacked = "state IN " + OutboxSchema.UNACKED + " AND lane = '" + lane + "'";
            long count = scalar(c, "SELECT count(*) FROM outbox_message WHERE " + unacked);
            long bytes = scalar(c, "SELECT coalesce(sum(bytes), 0) FROM outbox_message WHERE " + unacked);
            long oldest = scalar(c, "SELECT coalesce(min(created_at), -1) FROM outbox_message WHERE " + unacked);
            long attention = scalar(c, "SELECT count(*) FROM outbox_message WHERE state = 'NEEDS_ATTENTION' AND lane = '"
                    + lane + "'");
            long rejected = scalar(c, "SELECT count(*) FROM outbox_message WHERE state = 'REJECTED' AND lane = '" + lane + "'");
            Duration age = oldest < 0 ? Duration.ZERO : Duration.ofMillis(clock.millis() - oldest);
            return new BacklogStats(count, bytes, age, attention, rejected);
        });
    }

    /** PENDING messages with no earlier unanswered message of the same key, oldest first. */
    private static List<String> deliverableFromRows(SqliteDatabase database, Lane lane) throws SQLException {
        return database.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                    SELECT m.id FROM outbox_message m
                     WHERE m.lane = '%s' AND m.state = 'PENDING'
                       AND NOT EXISTS (SELECT 1 FROM outbox_message e WHERE e.order_key = m.order_key AND e.seq < m.seq
                                         AND e.state IN %s)
                     ORDER BY m.seq""".formatted(lane, OutboxSchema.UNACKED))) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
