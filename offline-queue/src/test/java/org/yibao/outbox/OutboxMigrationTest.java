package org.yibao.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.outbox.OutboxTest.appendedId;
import static org.yibao.outbox.OutboxTest.exec;
import static org.yibao.outbox.OutboxTest.ids;
import static org.yibao.outbox.OutboxTest.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.ManualClock;

/**
 * A database made by the first outbox schema (the SQL fixture {@code outbox-schema-1.sql}, rows
 * written with that release's own INSERT and its triggers) opens with the current code: every
 * row and its state survive, order per key, ids, limits and counters hold.
 */
class OutboxMigrationTest {

    /** The first release's append, verbatim (the id's number is the row's seq). */
    private static final String VERSION_1_INSERT = """
            INSERT INTO outbox_message(seq, id, lane, message_class, type, order_key, payload, bytes, state, created_at, ready)
            SELECT n.seq, ?1 || '-' || n.seq, ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', ?8,
                   ?5 IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_message e WHERE e.order_key = ?5
                                              AND e.state IN ('PENDING','SENT','NEEDS_ATTENTION'))
              FROM (SELECT max(coalesce((SELECT max(m.seq) FROM outbox_message m), 0) + 1, s.next_seq) AS seq
                      FROM outbox_sequence s WHERE s.device_id = ?1) n""";

    private static final String ORIGINAL_COLUMNS = "seq, id, lane, message_class, type, order_key, payload, bytes, state,"
            + " attempts, created_at, sent_at, answered_at, result_code, result_reason";

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    SqliteDatabase db;

    @BeforeEach
    void openDatabase() {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSchema1DatabaseWithRowsInEveryStateOpensWithNothingLostAndItsOrderAndLimitsKept() throws Exception {
        long t0 = clock.millis();
        db.inTransaction(c -> {
            runScript(c, "outbox-schema-1.sql");
            exec(c, "INSERT INTO outbox_sequence VALUES ('T01', 1)");
            insertV1(c, "T01", "MESSAGES", "FUND", "K1", "settle", t0);          // 1 ACKED
            insertV1(c, "T01", "MESSAGES", "REVERSAL", "K1", "reverse", t0 + 1); // 2 PENDING, head once 1 is acked
            insertV1(c, "T01", "MESSAGES", "FUND", "K2", "sent", t0 + 2);        // 3 SENT
            insertV1(c, "T01", "MESSAGES", "FUND", "K2", "behind 3", t0 + 3);    // 4 PENDING, blocked by 3
            insertV1(c, "T01", "MESSAGES", "FUND", null, "poison", t0 + 4);      // 5 REJECTED
            insertV1(c, "T01", "MESSAGES", "FUND", "K3", "stuck", t0 + 5);       // 6 NEEDS_ATTENTION
            insertV1(c, "T01", "MESSAGES", "FUND", "K3", "behind 6", t0 + 6);    // 7 PENDING, blocked by 6
            insertV1(c, "T01", "CONTROL", "CONTROL", null, "sign-in", t0 + 7);   // 8 PENDING, control lane
            insertV1(c, "T01", "MESSAGES", "SELF_PAY", null, "old", t0 + 8);     // 9 ACKED long ago
            // 10: numbered by the per-device counter of the releases before ids were the row's seq
            exec(c, "INSERT INTO outbox_message(seq, id, lane, message_class, type, order_key, payload, bytes, state,"
                    + " created_at, ready) VALUES (10, 'T00-3', 'MESSAGES', 'FUND', 'claim.test', NULL, x'6f6c64', 3,"
                    + " 'PENDING', " + (t0 + 9) + ", 1)");
            exec(c, "UPDATE outbox_message SET state = 'ACKED', answered_at = " + t0 + " WHERE seq IN (1, 9)");
            exec(c, "UPDATE outbox_message SET state = 'SENT', sent_at = " + t0 + ", attempts = 1 WHERE seq = 3");
            exec(c, "UPDATE outbox_message SET state = 'REJECTED', answered_at = " + t0
                    + ", result_code = 'E42', result_reason = '目录编码不存在' WHERE seq = 5");
            exec(c, "UPDATE outbox_message SET state = 'NEEDS_ATTENTION', sent_at = " + t0 + ", attempts = 5 WHERE seq = 6");
            return null;
        });
        List<List<Object>> before = db.read(c -> rows(c, "SELECT " + ORIGINAL_COLUMNS + " FROM outbox_message ORDER BY seq"));
        List<List<Object>> countersBefore = db.read(c -> rows(c, "SELECT lane, count, bytes, needs_attention, rejected"
                + " FROM outbox_backlog ORDER BY lane"));
        assertEquals(10, before.size());
        assertEquals(List.of(List.of("CONTROL", 1L, 7L, 0L, 0L), List.of("MESSAGES", 6L, 35L, 1L, 1L)), countersBefore,
                "the fixture's own triggers kept the first schema's counters");

        clock.advance(Duration.ofHours(1));
        OutboxPolicy policy = OutboxPolicy.defaults().withCounts(6, 100);
        Outbox outbox = Outbox.open(db, "T02", policy, clock); // re-provisioned under a new device id

        int version = db.read(OutboxSchema::version);
        assertEquals(OutboxSchema.VERSION, version);
        assertEquals(before, db.read(c -> rows(c, "SELECT " + ORIGINAL_COLUMNS + " FROM outbox_message ORDER BY seq")),
                "every row, state, attempt, time and answer is kept");
        BacklogStats messages = outbox.stats(Lane.MESSAGES);
        assertEquals(new BacklogStats(6, 35, Duration.ofHours(1).minusMillis(1), 1, 1), messages, "same backlog as the old counters");
        assertEquals(new BacklogStats(1, 7, Duration.ofHours(1).minusMillis(7), 0, 0), outbox.stats(Lane.CONTROL));

        for (List<Object> row : before) {
            String id = (String) row.get(1);
            assertEquals((Long) row.get(0), outbox.find(id).orElseThrow().seq(), "found by id: " + id);
        }
        assertArrayEquals("old".getBytes(UTF_8), outbox.find("T00-3").orElseThrow().payload());

        assertEquals(List.of("T01-2", "T00-3"), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())),
                "heads only: 4 waits for 3, 7 for 6");
        assertEquals(List.of("T01-8"), ids(outbox.nextBatch(Lane.CONTROL, 10, Set.of())));

        assertEquals(RefusalReason.BACKLOG_COUNT, assertInstanceOf(Refused.class, outbox.mayAppend(OutboxTest.HELD)).reason(),
                "the soft limit counts the migrated backlog");
        assertEquals(3, outbox.apply(List.of(new Outcome.Published("T00-3"), new Outcome.Accepted("T01-3"),
                new Outcome.Accepted("T00-3"))), "T00-3's publish, found by its foreign id, and the two answers");
        assertEquals(List.of("T01-2", "T01-4"), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())), "3's answer frees 4");
        assertEquals(MessageState.ACKED, outbox.find("T00-3").orElseThrow().state());
        assertTrue(outbox.mayAppend(OutboxTest.HELD).admitted());
        assertEquals("T02-11", appendedId(outbox.append(message("K3", OutboxTest.HELD, "after"))), "numbers go on");
        assertEquals(new BacklogStats(5, 33, Duration.ofHours(1).minusMillis(1), 1, 1), outbox.stats(Lane.MESSAGES));

        assertTrue(outbox.retry("T01-6"));
        outbox.apply(List.of(new Outcome.Accepted("T01-6")));
        assertEquals(List.of("T01-2", "T01-4", "T01-7"), ids(outbox.nextBatch(Lane.MESSAGES, 10, Set.of())),
                "the key's order holds across the migration: 11 still waits for 7");

        clock.advance(Duration.ofDays(31));
        assertEquals(5, outbox.purge(), "1, 3, 6, 9 and the foreign-numbered 10 were acked");
        assertFalse(outbox.find("T00-3").isPresent());
        assertEquals(0L, db.read(c -> rows(c, "SELECT count(*) FROM outbox_foreign_id")).getFirst().getFirst());

        BacklogStats beforeReopen = outbox.stats(Lane.MESSAGES);
        db.close();
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        Outbox reopened = Outbox.open(db, "T02", policy, clock);
        assertEquals(beforeReopen, reopened.stats(Lane.MESSAGES), "a second open changes nothing");
        assertEquals("T02-12", appendedId(reopened.append(message(null, OutboxTest.FREE, "later"))));
    }

    @Test
    void anEmptySchema1OutboxMigratesToo() throws Exception {
        db.inTransaction(c -> runScript(c, "outbox-schema-1.sql"));
        Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), clock);
        assertEquals(new BacklogStats(0, 0, Duration.ZERO, 0, 0), outbox.stats(Lane.MESSAGES));
        assertEquals("T01-1", appendedId(outbox.append(message(null, OutboxTest.FREE, "first"))));
    }

    /** How schema 2 read its running totals: the newest row's alone, the base only once no row was left. */
    private static final String VERSION_2_VIEW = """
            CREATE VIEW outbox_appended AS
            SELECT coalesce(m.appended_messages, b.messages) AS messages,
                   coalesce(m.appended_messages_bytes, b.messages_bytes) AS messages_bytes,
                   coalesce(m.appended_control, b.control) AS control,
                   coalesce(m.appended_control_bytes, b.control_bytes) AS control_bytes
              FROM outbox_appended_base b
              LEFT JOIN outbox_message m ON m.seq = (SELECT max(seq) FROM outbox_message)""";

    /**
     * A schema-2 database whose purge deleted its newest row while an older message waited (its
     * backlog then lacked the purged messages, and every append since built on that) opens with
     * the backlog its rows say, and counts on from there.
     */
    @Test
    void aSchema2DatabaseThatLostCountsToAPurgeOpensWithItsBacklogSetRight() throws Exception {
        OutboxPolicy policy = OutboxPolicy.defaults().withCounts(3, 5);
        Outbox schema2 = Outbox.open(db, "T01", policy, clock);
        db.inTransaction(c -> { // schema 2 as it was: this code's tables under the old view
            exec(c, "DROP VIEW outbox_appended");
            exec(c, VERSION_2_VIEW);
            return exec(c, "UPDATE outbox_schema_version SET version = 2");
        });
        String waiting = appendedId(schema2.append(message("K1", OutboxTest.HELD, "waits")));
        String answered = appendedId(schema2.append(message("K2", OutboxTest.HELD, "answered")));
        schema2.apply(List.of(new Outcome.Published(waiting), new Outcome.Published(answered), new Outcome.Accepted(answered)));
        clock.advance(Duration.ofDays(31));
        assertEquals(1, schema2.purge());
        assertEquals(0, schema2.stats(Lane.MESSAGES).count(), "the fixture has schema 2's fault: a message waits, the backlog says none");
        appendedId(schema2.append(message("K3", OutboxTest.FREE, "after")));
        assertEquals(1, schema2.stats(Lane.MESSAGES).count(), "and appends built on it");

        Outbox outbox = Outbox.open(db, "T01", policy, clock);
        assertEquals(OutboxSchema.VERSION, (int) db.read(OutboxSchema::version));
        BacklogStats backlog = outbox.stats(Lane.MESSAGES);
        assertEquals(2, backlog.count());
        assertEquals("waits".length() + "after".length(), backlog.bytes());
        for (String text : List.of("3", "4", "5")) {
            appendedId(outbox.append(message(null, OutboxTest.FREE, text)));
        }
        assertEquals(RefusalReason.HARD_LIMIT,
                assertInstanceOf(Refused.class, outbox.append(message(null, OutboxTest.FREE, "6"))).reason(),
                "the hard limit of 5 counts the waiting message again");
    }

    @Test
    void aNewerSchemaIsRefusedAndLeftAsItWas() throws Exception {
        Outbox.open(db, "T01", OutboxPolicy.defaults(), clock).append(message(null, OutboxTest.FREE, "kept"));
        db.inTransaction(c -> exec(c, "UPDATE outbox_schema_version SET version = " + (OutboxSchema.VERSION + 1)));
        SQLException refused = assertThrows(SQLException.class, () -> Outbox.open(db, "T01", OutboxPolicy.defaults(), clock));
        assertTrue(refused.getMessage().contains("比本程序的 " + OutboxSchema.VERSION + " 新，未作任何改动"), refused.getMessage());
        assertEquals(List.of(List.<Object>of(1L)), db.read(c -> rows(c, "SELECT count(*) FROM outbox_message")));
    }

    private static void insertV1(Connection c, String device, String lane, String messageClass, String key, String text,
                                 long createdAt) throws SQLException {
        byte[] payload = text.getBytes(UTF_8);
        try (PreparedStatement insert = c.prepareStatement(VERSION_1_INSERT)) {
            insert.setString(1, device);
            insert.setString(2, lane);
            insert.setString(3, messageClass);
            insert.setString(4, "claim.test");
            insert.setString(5, key);
            insert.setBytes(6, payload);
            insert.setInt(7, payload.length);
            insert.setLong(8, createdAt);
            assertEquals(1, insert.executeUpdate());
        }
    }

    static Void runScript(Connection c, String resource) throws SQLException {
        String script;
        try (InputStream in = OutboxMigrationTest.class.getResourceAsStream(resource)) {
            script = new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String sql : script.split("\n\n")) {
            String statement = sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (!statement.isEmpty()) {
                exec(c, statement);
            }
        }
        return null;
    }

    static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = r.getObject(i);
                    row.add(switch (value) {
                        case Integer n -> (long) n;
                        case byte[] bytes -> new String(bytes, UTF_8);
                        case null -> "NULL";
                        default -> value;
                    });
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
