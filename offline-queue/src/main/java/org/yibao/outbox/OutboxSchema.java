package org.yibao.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outbox tables. A message's number in its id is its row's {@code seq}; {@code
 * outbox_sequence.next_seq} is the device's high-water mark, raised past every stored row
 * before a purge deletes any, so numbers are never reused (an append only reads it, which
 * keeps the sequence row's page out of the append's commit). {@code ready} marks the head of each order key (the oldest unanswered
 * message of that key, or any message without a key). Backlog counters are kept by triggers in the same transaction as the row
 * change, so admission never scans the backlog; a trigger refuses deleting any row that is not
 * ACKED.
 */
final class OutboxSchema {

    static final String UNACKED = "('PENDING','SENT','NEEDS_ATTENTION')";

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS outbox_sequence(
          device_id TEXT PRIMARY KEY,
          next_seq  INTEGER NOT NULL CHECK (next_seq > 0))""",
        """
        CREATE TABLE IF NOT EXISTS outbox_message(
          seq           INTEGER PRIMARY KEY,
          id            TEXT NOT NULL UNIQUE,
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
          ready         INTEGER NOT NULL DEFAULT 1)""",
        "CREATE INDEX IF NOT EXISTS outbox_ready ON outbox_message(lane, seq) WHERE state = 'PENDING' AND ready = 1",
        "CREATE INDEX IF NOT EXISTS outbox_sent ON outbox_message(seq) WHERE state = 'SENT'",
        "CREATE INDEX IF NOT EXISTS outbox_unacked_age ON outbox_message(lane, created_at) WHERE state IN " + UNACKED,
        "CREATE INDEX IF NOT EXISTS outbox_key ON outbox_message(order_key, seq) WHERE state IN " + UNACKED,
        "CREATE INDEX IF NOT EXISTS outbox_acked ON outbox_message(answered_at) WHERE state = 'ACKED'",
        """
        CREATE TABLE IF NOT EXISTS outbox_backlog(
          lane            TEXT PRIMARY KEY,
          count           INTEGER NOT NULL,
          bytes           INTEGER NOT NULL,
          needs_attention INTEGER NOT NULL,
          rejected        INTEGER NOT NULL)""",
        "INSERT OR IGNORE INTO outbox_backlog VALUES ('MESSAGES',0,0,0,0), ('CONTROL',0,0,0,0)",
        """
        CREATE TRIGGER IF NOT EXISTS outbox_backlog_insert AFTER INSERT ON outbox_message
        BEGIN
          UPDATE outbox_backlog SET count = count + 1, bytes = bytes + NEW.bytes WHERE lane = NEW.lane;
        END""",
        """
        CREATE TRIGGER IF NOT EXISTS outbox_backlog_update AFTER UPDATE OF state ON outbox_message
        WHEN OLD.state <> NEW.state
        BEGIN
          UPDATE outbox_backlog SET
            count = count + (NEW.state IN %1$s) - (OLD.state IN %1$s),
            bytes = bytes + NEW.bytes * ((NEW.state IN %1$s) - (OLD.state IN %1$s)),
            needs_attention = needs_attention + (NEW.state = 'NEEDS_ATTENTION') - (OLD.state = 'NEEDS_ATTENTION'),
            rejected = rejected + (NEW.state = 'REJECTED') - (OLD.state = 'REJECTED')
          WHERE lane = NEW.lane;
        END""".formatted(UNACKED),
        // When the head of an order key is answered, the next unanswered message of that key
        // becomes the head ("ready"); so picking deliverable messages never scans blocked ones.
        """
        CREATE TRIGGER IF NOT EXISTS outbox_next_head AFTER UPDATE OF state ON outbox_message
        WHEN NEW.order_key IS NOT NULL AND (OLD.state IN %1$s) AND NOT (NEW.state IN %1$s)
        BEGIN
          UPDATE outbox_message SET ready = 1
           WHERE seq = (SELECT min(seq) FROM outbox_message WHERE order_key = NEW.order_key AND state IN %1$s);
        END""".formatted(UNACKED),
        """
        CREATE TRIGGER IF NOT EXISTS outbox_never_delete_unacked BEFORE DELETE ON outbox_message
        WHEN OLD.state <> 'ACKED'
        BEGIN
          SELECT RAISE(ABORT, 'outbox: only ACKED messages may be deleted');
        END""",
    };

    private OutboxSchema() {
    }

    /** Creates what is missing and the device's sequence row; call inside a transaction. */
    static void create(Connection connection, String deviceId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : DDL) {
                statement.execute(sql);
            }
        }
        try (var insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO outbox_sequence(device_id, next_seq) VALUES (?, 1)")) {
            insert.setString(1, deviceId);
            insert.executeUpdate();
        }
    }
}
