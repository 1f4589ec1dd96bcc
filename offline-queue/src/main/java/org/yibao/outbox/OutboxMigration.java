package org.yibao.outbox;

import static org.yibao.outbox.OutboxSchema.UNACKED;
import static org.yibao.outbox.OutboxSchema.execute;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Brings an older outbox to {@link OutboxSchema#VERSION} inside the caller's transaction at open.
 *
 * <p>Schema 2 ({@link #fromVersion2}): a new view of the running totals, and the totals set right.
 *
 * <p>Schema 1 ({@link #fromVersion1}, the first one, with a UNIQUE id, three partial indexes and a
 * counters row kept by an insert trigger): every row is copied with its state, attempts, times
 * and answer; nothing is dropped. The running totals start at the oldest stored row, and what
 * left the backlog is counted from the rows, so each lane's backlog is exactly its unanswered
 * rows; {@code ready} is recomputed from the rows (the oldest unanswered message of each key in
 * each lane is a head, see {@link OutboxSchema}), so the per-key order does not depend on the old
 * flags. Rows whose id does not end in their own seq (numbered by the per-device counter of the
 * first releases) are listed in {@code outbox_foreign_id}, so they stay findable by id.
 */
final class OutboxMigration {

    private static final String[] VERSION_1_TRIGGERS = {
        "outbox_backlog_insert", "outbox_backlog_update", "outbox_next_head", "outbox_never_delete_unacked",
    };

    private static final String COPY = """
            INSERT INTO outbox_message_v2(seq, id, lane, message_class, type, order_key, payload, bytes, state, attempts,
                created_at, sent_at, answered_at, result_code, result_reason, ready,
                appended_messages, appended_messages_bytes, appended_control, appended_control_bytes)
            SELECT m.seq, m.id, m.lane, m.message_class, m.type, m.order_key, m.payload, m.bytes, m.state, m.attempts,
                   m.created_at, m.sent_at, m.answered_at, m.result_code, m.result_reason,
                   m.order_key IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_message e
                                                       WHERE e.order_key = m.order_key AND e.lane = m.lane
                                                         AND e.seq < m.seq AND e.state IN %1$s),
                   sum(m.lane = 'MESSAGES') OVER w, sum(CASE WHEN m.lane = 'MESSAGES' THEN m.bytes ELSE 0 END) OVER w,
                   sum(m.lane = 'CONTROL') OVER w, sum(CASE WHEN m.lane = 'CONTROL' THEN m.bytes ELSE 0 END) OVER w
              FROM outbox_message m
            WINDOW w AS (ORDER BY m.seq ROWS UNBOUNDED PRECEDING)
             ORDER BY m.seq""".formatted(UNACKED);

    /** What left each lane's backlog (answered), and the operator's counts, from the rows themselves. */
    static final String RECOUNT = """
            UPDATE outbox_backlog SET
              answered = (SELECT count(*) FROM outbox_message m WHERE m.lane = outbox_backlog.lane AND m.state NOT IN %1$s),
              answered_bytes = (SELECT coalesce(sum(m.bytes), 0) FROM outbox_message m
                                 WHERE m.lane = outbox_backlog.lane AND m.state NOT IN %1$s),
              needs_attention = (SELECT count(*) FROM outbox_message m
                                  WHERE m.lane = outbox_backlog.lane AND m.state = 'NEEDS_ATTENTION'),
              rejected = (SELECT count(*) FROM outbox_message m WHERE m.lane = outbox_backlog.lane AND m.state = 'REJECTED')"""
            .formatted(UNACKED);

    /**
     * The running totals as they must be: for each lane, what left its backlog (counted by the
     * trigger, purged rows included) plus what is still in it.
     */
    static final String RETOTAL = """
            UPDATE outbox_appended_base SET (messages, messages_bytes, control, control_bytes) = (
              SELECT (SELECT answered FROM outbox_backlog WHERE lane = 'MESSAGES')
                       + (SELECT count(*) FROM outbox_message WHERE lane = 'MESSAGES' AND state IN %1$s),
                     (SELECT answered_bytes FROM outbox_backlog WHERE lane = 'MESSAGES')
                       + (SELECT coalesce(sum(bytes), 0) FROM outbox_message WHERE lane = 'MESSAGES' AND state IN %1$s),
                     (SELECT answered FROM outbox_backlog WHERE lane = 'CONTROL')
                       + (SELECT count(*) FROM outbox_message WHERE lane = 'CONTROL' AND state IN %1$s),
                     (SELECT answered_bytes FROM outbox_backlog WHERE lane = 'CONTROL')
                       + (SELECT coalesce(sum(bytes), 0) FROM outbox_message WHERE lane = 'CONTROL' AND state IN %1$s))"""
            .formatted(UNACKED);

    private OutboxMigration() {
    }

    /**
     * Schema 2 to 3: the view of the running totals takes the larger of the newest row's and the
     * purge's base ({@link OutboxSchema#APPENDED_VIEW}), and the totals of a database whose purge
     * deleted its newest row while older ones waited (whose backlog then lacked the purged rows'
     * count, and every append since built on that) are set right in the base, which the new view
     * reads wherever the rows fell short. On a database without that history the base only
     * catches up with the newest row. Inside the caller's transaction at open.
     */
    static void fromVersion2(Connection c) throws SQLException {
        execute(c, "DROP VIEW outbox_appended");
        execute(c, OutboxSchema.APPENDED_VIEW);
        execute(c, RETOTAL);
        execute(c, "UPDATE outbox_schema_version SET version = " + OutboxSchema.VERSION);
    }

    /** Migrates schema 1 to the current one; call inside a transaction (a failure rolls it all back). */
    static void fromVersion1(Connection c) throws SQLException {
        execute(c, OutboxSchema.messageTable("outbox_message_v2"));
        execute(c, COPY);
        try (var s = c.createStatement();
             var r = s.executeQuery("SELECT (SELECT count(*) FROM outbox_message) - (SELECT count(*) FROM outbox_message_v2)")) {
            if (!r.next() || r.getLong(1) != 0) {
                throw new SQLException("outbox migration: the copy lost rows; nothing was changed");
            }
        }
        for (String trigger : VERSION_1_TRIGGERS) {
            execute(c, "DROP TRIGGER IF EXISTS " + trigger);
        }
        execute(c, "DROP TABLE outbox_message"); // its indexes go with it; no trigger is left to refuse
        execute(c, "ALTER TABLE outbox_message_v2 RENAME TO outbox_message");
        execute(c, "DROP TABLE outbox_backlog");
        OutboxSchema.createRest(c);
        execute(c, "INSERT INTO outbox_foreign_id(id, seq) SELECT id, seq FROM outbox_message WHERE " + OutboxSchema.FOREIGN_ID);
        execute(c, RECOUNT);
    }
}
