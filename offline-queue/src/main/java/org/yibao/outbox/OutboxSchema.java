package org.yibao.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outbox tables (schema version {@value #VERSION}), created or brought up to date at open.
 *
 * <p>A message's number in its id is its row's {@code seq}; {@code outbox_sequence.next_seq}
 * is the device's high-water mark, raised past every stored row before a purge deletes any, so
 * numbers are never reused. {@code ready} marks the head of each order key within its lane (the
 * oldest unanswered message of that key in that lane, or any message without a key); a head is
 * deliverable once no older unanswered message of its key is left in the other lane either, so
 * a key orders messages across lanes too, and the oldest unanswered message of a lane is always
 * one of its heads.
 *
 * <p>An append writes its row and nothing else the table does not need: no index on {@code id}
 * (the id ends in {@code -<seq>}, so a look-up parses the seq and checks the stored id; rows
 * whose id does not end in their own seq, numbered before ids were the row's seq, are listed in
 * {@code outbox_foreign_id} by the migration, and an append never makes one); one partial index
 * {@code outbox_head} of the
 * unanswered heads per lane serves both picking deliverable messages and the oldest backlog age
 * (a key's blocked messages are always newer than its head, and seq grows with time); and no
 * counters row. The backlog is {@code appended - answered} per lane: each row carries the running
 * totals (count and bytes, both lanes) of every message appended up to it, so the newest row or
 * {@code outbox_appended_base}, what the last purge took before it deleted, whichever is larger,
 * holds the totals ({@link #APPENDED_VIEW}); {@code outbox_backlog}
 * counts what left the backlog and is kept by a trigger on state changes (the drain's writes,
 * not the append's). A trigger refuses deleting any row that is not ACKED.
 */
final class OutboxSchema {

    /** The schema version this code writes; {@link #create} refuses a newer one. */
    static final int VERSION = 3;

    static final String UNACKED = "('PENDING','SENT','NEEDS_ATTENTION')";

    /** True for a row whose id does not end in {@code -<seq>} (numbered before ids were the row's seq). */
    static final String FOREIGN_ID = "substr(id, -length(seq) - 1) <> '-' || seq";

    /** The message table, under a given name (the migration builds it beside the old one). */
    static String messageTable(String name) {
        return """
            CREATE TABLE %s(
              seq           INTEGER PRIMARY KEY,
              id            TEXT NOT NULL,
              lane          TEXT NOT NULL CHECK (lane IN ('MESSAGES','CONTROL')),
              message_class TEXT NOT NULL,
              type          TEXT NOT NULL,
              order_key     TEXT,
              payload       BLOB NOT NULL,
              bytes         INTEGER NOT NULL,
              state         TEXT NOT NULL CHECK (state IN ('PENDING','SENT','ACKED','REJECTED','NEEDS_ATTENTION')),
              attempts      INTEGER NOT NULL DEFAULT 0,
              created_at    INTEGER NOT NULL,
              sent_at       INTEGER,
              answered_at   INTEGER,
              result_code   TEXT,
              result_reason TEXT,
              ready         INTEGER NOT NULL DEFAULT 1,
              appended_messages       INTEGER NOT NULL,
              appended_messages_bytes INTEGER NOT NULL,
              appended_control        INTEGER NOT NULL,
              appended_control_bytes  INTEGER NOT NULL)""".formatted(name);
    }

    /**
     * The running totals of everything ever appended: each the larger of the newest row's and the
     * purge's base (a join on the newest seq, not a sorted union: a sort would cost the append a
     * temp b-tree). Every total only grows with seq, so the larger one is the truth: the newest
     * row's when it was appended after the last purge, else the base, which that purge took
     * before it deleted; a purge may delete the newest row while older ones wait (schema 2 then
     * read the totals of an older row and lost the purged ones' from the backlog).
     */
    static final String APPENDED_VIEW = """
            CREATE VIEW outbox_appended AS
            SELECT max(coalesce(m.appended_messages, 0), b.messages) AS messages,
                   max(coalesce(m.appended_messages_bytes, 0), b.messages_bytes) AS messages_bytes,
                   max(coalesce(m.appended_control, 0), b.control) AS control,
                   max(coalesce(m.appended_control_bytes, 0), b.control_bytes) AS control_bytes
              FROM outbox_appended_base b
              LEFT JOIN outbox_message m ON m.seq = (SELECT max(seq) FROM outbox_message)""";

    /** Everything but the message table; {@code outbox_backlog} starts at zero. */
    private static final String[] REST = {
        "CREATE INDEX outbox_head ON outbox_message(lane, seq) WHERE ready = 1 AND state IN " + UNACKED,
        "CREATE INDEX outbox_sent ON outbox_message(seq) WHERE state = 'SENT'",
        // Keyless messages stay out of it (an index entry with a NULL key is still a page written).
        "CREATE INDEX outbox_key ON outbox_message(order_key, seq) WHERE order_key IS NOT NULL AND state IN " + UNACKED,
        "CREATE INDEX outbox_acked ON outbox_message(answered_at) WHERE state = 'ACKED'",
        "CREATE TABLE outbox_foreign_id(id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE)",
        """
        CREATE TABLE outbox_backlog(
          lane            TEXT PRIMARY KEY,
          answered        INTEGER NOT NULL,
          answered_bytes  INTEGER NOT NULL,
          needs_attention INTEGER NOT NULL,
          rejected        INTEGER NOT NULL)""",
        "INSERT INTO outbox_backlog VALUES ('MESSAGES',0,0,0,0), ('CONTROL',0,0,0,0)",
        """
        CREATE TABLE outbox_appended_base(
          one            INTEGER PRIMARY KEY CHECK (one = 1),
          messages       INTEGER NOT NULL,
          messages_bytes INTEGER NOT NULL,
          control        INTEGER NOT NULL,
          control_bytes  INTEGER NOT NULL)""",
        "INSERT INTO outbox_appended_base VALUES (1,0,0,0,0)",
        APPENDED_VIEW,
        """
        CREATE TRIGGER outbox_backlog_update AFTER UPDATE OF state ON outbox_message
        WHEN OLD.state <> NEW.state
        BEGIN
          UPDATE outbox_backlog SET
            answered = answered + (OLD.state IN %1$s) - (NEW.state IN %1$s),
            answered_bytes = answered_bytes + NEW.bytes * ((OLD.state IN %1$s) - (NEW.state IN %1$s)),
            needs_attention = needs_attention + (NEW.state = 'NEEDS_ATTENTION') - (OLD.state = 'NEEDS_ATTENTION'),
            rejected = rejected + (NEW.state = 'REJECTED') - (OLD.state = 'REJECTED')
          WHERE lane = NEW.lane;
        END""".formatted(UNACKED),
        // When the head of an order key is answered, the next unanswered message of that key in
        // its lane becomes the head ("ready"); so picking deliverable messages never scans blocked ones.
        """
        CREATE TRIGGER outbox_next_head AFTER UPDATE OF state ON outbox_message
        WHEN NEW.order_key IS NOT NULL AND (OLD.state IN %1$s) AND NOT (NEW.state IN %1$s)
        BEGIN
          UPDATE outbox_message SET ready = 1
           WHERE seq = (SELECT min(seq) FROM outbox_message
                         WHERE order_key = NEW.order_key AND lane = NEW.lane AND state IN %1$s);
        END""".formatted(UNACKED),
        """
        CREATE TRIGGER outbox_never_delete_unacked BEFORE DELETE ON outbox_message
        WHEN OLD.state <> 'ACKED'
        BEGIN
          SELECT RAISE(ABORT, 'outbox: only ACKED messages may be deleted');
        END""",
        "CREATE TABLE outbox_schema_version(one INTEGER PRIMARY KEY CHECK (one = 1), version INTEGER NOT NULL)",
        "INSERT INTO outbox_schema_version VALUES (1, " + VERSION + ")",
    };

    private OutboxSchema() {
    }

    /**
     * Creates the tables, or migrates an older schema (all in the caller's transaction), and the
     * device's sequence row. A schema newer than {@link #VERSION} is refused, never written to.
     */
    static void create(Connection connection, String deviceId) throws SQLException {
        int version = version(connection);
        if (version == 0) {
            execute(connection, messageTable("outbox_message"));
            createRest(connection);
        } else if (version == 1) {
            OutboxMigration.fromVersion1(connection);
        } else if (version == 2) {
            OutboxMigration.fromVersion2(connection);
        } else if (version > VERSION) {
            throw new SQLException("本机消息队列（outbox）的版本 " + version + " 比本程序的 " + VERSION
                    + " 新，未作任何改动：请使用与写入它的程序同一或更新的版本");
        }
        try (var insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO outbox_sequence(device_id, next_seq) VALUES (?, 1)")) {
            insert.setString(1, deviceId);
            insert.executeUpdate();
        }
    }

    /** Sets {@code deviceId}'s next seq to {@code firstSeq} if nothing was ever numbered in this database; see {@link Outbox#numberFrom}. */
    static boolean numberFrom(Connection connection, String deviceId, long firstSeq) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE outbox_sequence SET next_seq = ? WHERE device_id = ? AND next_seq = 1"
                + " AND NOT EXISTS (SELECT 1 FROM outbox_message) AND NOT EXISTS (SELECT 1 FROM outbox_sequence WHERE next_seq > 1)")) {
            update.setLong(1, firstSeq);
            update.setString(2, deviceId);
            return update.executeUpdate() == 1;
        }
    }

    /** 0: no outbox; 1: the first schema (no version table); else the recorded version. */
    static int version(Connection connection) throws SQLException {
        if (tableExists(connection, "outbox_schema_version")) {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT version FROM outbox_schema_version")) {
                if (!r.next()) {
                    throw new SQLException("outbox_schema_version has no row");
                }
                return r.getInt(1);
            }
        }
        return tableExists(connection, "outbox_message") ? 1 : 0;
    }

    /** The indexes, counters, view, triggers and version of {@link #VERSION}, beside an existing message table. */
    static void createRest(Connection connection) throws SQLException {
        execute(connection, "CREATE TABLE IF NOT EXISTS outbox_sequence(device_id TEXT PRIMARY KEY,"
                + " next_seq INTEGER NOT NULL CHECK (next_seq > 0))");
        for (String sql : REST) {
            execute(connection, sql);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean tableExists(Connection connection, String name) throws SQLException {
        try (var select = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            select.setString(1, name);
            try (ResultSet r = select.executeQuery()) {
                return r.next();
            }
        }
    }
}
