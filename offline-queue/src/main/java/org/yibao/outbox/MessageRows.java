package org.yibao.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The SQL behind {@link Outbox}: one method per statement family, all on the caller's connection. */
final class MessageRows {

    private static final String COLUMNS = "seq, id, type, message_class, lane, order_key, payload, state, attempts,"
            + " created_at, sent_at, answered_at, result_code, result_reason";

    /**
     * Everything an append needs to know, in one read: the lane's running totals and answered
     * counts (its backlog), its oldest unanswered head, the device's next seq and whether the
     * new message is the head of order key {@code ?3} in its lane. The seq is one past the
     * largest ever stored, and never below {@code outbox_sequence.next_seq}, the high-water mark
     * {@link #purgeAcked} records before it deletes, so a number is never handed out twice even
     * when every row is purged.
     */
    private static final String NEXT_APPEND = """
            SELECT t.messages, t.messages_bytes, t.control, t.control_bytes,
                   b.answered, b.answered_bytes, b.needs_attention, b.rejected,
                   (SELECT h.created_at FROM outbox_message h
                     WHERE h.lane = ?1 AND h.ready = 1 AND h.state IN %1$s ORDER BY h.seq LIMIT 1),
                   (SELECT max(coalesce((SELECT max(m.seq) FROM outbox_message m), 0) + 1, s.next_seq)
                      FROM outbox_sequence s WHERE s.device_id = ?2),
                   ?3 IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_message e
                                              WHERE e.order_key = ?3 AND e.state IN %1$s AND e.lane = ?1)
              FROM outbox_backlog b, outbox_appended t WHERE b.lane = ?1""".formatted(OutboxSchema.UNACKED);

    /**
     * The append's only write: the row, with the running totals as of itself; SQLite adds it to
     * the partial indexes it belongs to ({@code outbox_key} when it has a key, {@code outbox_head}
     * when it is its key's head in its lane or has no key), nothing else.
     */
    private static final String INSERT = """
            INSERT INTO outbox_message(seq, id, lane, message_class, type, order_key, payload, bytes, state, created_at, ready,
                                       appended_messages, appended_messages_bytes, appended_control, appended_control_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)""";

    /**
     * The lane's backlog (appended minus answered, count and bytes), the operator's counts, and
     * the creation time of its oldest unanswered message: the lowest-numbered unanswered head
     * (a key's blocked messages are newer than its head).
     */
    private static final String STATS = """
            SELECT CASE ?1 WHEN 'MESSAGES' THEN t.messages ELSE t.control END - b.answered,
                   CASE ?1 WHEN 'MESSAGES' THEN t.messages_bytes ELSE t.control_bytes END - b.answered_bytes,
                   b.needs_attention, b.rejected,
                   (SELECT h.created_at FROM outbox_message h
                     WHERE h.lane = ?1 AND h.ready = 1 AND h.state IN %1$s ORDER BY h.seq LIMIT 1)
              FROM outbox_backlog b, outbox_appended t WHERE b.lane = ?1""".formatted(OutboxSchema.UNACKED);

    /**
     * Deliverable: PENDING heads of the lane, read through {@code outbox_head} (whose condition is
     * repeated so it is used), whose key has no older unanswered message in the other lane.
     */
    private static final String DELIVERABLE = "SELECT " + COLUMNS + """
             FROM outbox_message m
            WHERE m.state = 'PENDING' AND m.ready = 1 AND m.state IN %1$s AND m.lane = ?
              AND m.id NOT IN (SELECT value FROM json_each(?))
              AND (m.order_key IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_message e
                                                       WHERE e.order_key = m.order_key AND e.state IN %1$s
                                                         AND e.seq < m.seq))
            ORDER BY m.seq LIMIT ?""".formatted(OutboxSchema.UNACKED);

    private final Clock clock;

    MessageRows(Clock clock) {
        this.clock = clock;
    }

    /** Reads what appending a message of {@code lane} with {@code orderKey} (may be null) needs; writes nothing. */
    NextAppend next(Connection c, String deviceId, Lane lane, String orderKey) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(NEXT_APPEND)) {
            return next(select, deviceId, lane, orderKey);
        }
    }

    private NextAppend next(PreparedStatement select, String deviceId, Lane lane, String orderKey) throws SQLException {
        select.setString(1, lane.name());
        select.setString(2, deviceId);
        if (orderKey == null) {
            select.setNull(3, Types.VARCHAR);
        } else {
            select.setString(3, orderKey);
        }
        try (ResultSet r = select.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("outbox_backlog has no row for lane " + lane);
            }
            RunningTotals totals = new RunningTotals(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
            long answered = r.getLong(5);
            long answeredBytes = r.getLong(6);
            BacklogStats backlog = new BacklogStats(totals.count(lane) - answered, totals.bytes(lane) - answeredBytes,
                    age(r, 9), r.getLong(7), r.getLong(8));
            long seq = r.getLong(10);
            if (r.wasNull()) {
                throw new SQLException("outbox_sequence has no row for device " + deviceId);
            }
            return new NextAppend(backlog, seq, totals, r.getBoolean(11));
        }
    }

    /**
     * The {@code created_at} of {@code lane}'s newest row, or empty when the lane has none (down the
     * primary key from its end, past the other lane's few newer rows).
     */
    Optional<Instant> newestCreatedAt(Connection c, Lane lane) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT created_at FROM outbox_message WHERE lane = ? ORDER BY seq DESC LIMIT 1")) {
            select.setString(1, lane.name());
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(Instant.ofEpochMilli(r.getLong(1))) : Optional.empty();
            }
        }
    }

    /** Inserts {@code message} as read by {@link #next} in the same transaction; returns its id and seq. */
    AppendResult.Appended insert(Connection c, String deviceId, NewMessage message, NextAppend next, long now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            return insert(insert, deviceId, message, next, now);
        }
    }

    private static AppendResult.Appended insert(PreparedStatement insert, String deviceId, NewMessage message,
                                                NextAppend next, long now) throws SQLException {
        Lane lane = message.messageClass().lane();
        byte[] payload = message.payloadUnshared();
        String id = deviceId + '-' + next.seq();
        RunningTotals totals = next.totals().plus(lane, payload.length);
        insert.setLong(1, next.seq());
        insert.setString(2, id);
        insert.setString(3, lane.name());
        insert.setString(4, message.messageClass().name());
        insert.setString(5, message.type());
        if (message.orderKey() == null) {
            insert.setNull(6, Types.VARCHAR);
        } else {
            insert.setString(6, message.orderKey());
        }
        insert.setBytes(7, payload);
        insert.setInt(8, payload.length);
        insert.setLong(9, now);
        insert.setBoolean(10, next.head());
        insert.setLong(11, totals.messages());
        insert.setLong(12, totals.messagesBytes());
        insert.setLong(13, totals.control());
        insert.setLong(14, totals.controlBytes());
        insert.executeUpdate();
        return new AppendResult.Appended(id, next.seq());
    }

    /**
     * The oldest deliverable messages of {@code lane}, leaving out {@code exclude} inside SQLite
     * (a JSON array bound as one parameter), so excluded rows and their payloads are never read.
     */
    List<StoredMessage> deliverable(Connection c, Lane lane, int max, Set<String> exclude) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        if (max <= 0) {
            return out;
        }
        try (PreparedStatement select = c.prepareStatement(DELIVERABLE)) {
            select.setString(1, lane.name());
            select.setString(2, jsonArray(exclude));
            select.setInt(3, max);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
        }
        return out;
    }

    private static String jsonArray(Set<String> ids) {
        StringBuilder json = new StringBuilder(ids.size() * 16 + 2).append('[');
        for (String id : ids) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (int i = 0; i < id.length(); i++) {
                char ch = id.charAt(i);
                if (ch == '"' || ch == '\\') {
                    json.append('\\');
                }
                if (ch < 0x20) {
                    json.append(String.format("\\u%04x", (int) ch));
                } else {
                    json.append(ch);
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }

    /**
     * Applies outcomes in order. A PUBACK whose message is answered later in the same group
     * only counts the attempt (sent_at, attempts) and leaves the state for the answer: the row
     * goes PENDING -> ACKED/REJECTED in one state change instead of two, which halves the index
     * work when acks come back faster than a commit takes.
     *
     * <p>An answer (accepted or rejected) applies only to a message that was published at
     * least once ({@code sent_at}, set by its first PUBACK and never cleared): the centre can
     * only have answered what it received, so an answer to a message never published is a
     * forged or stale ack (a rogue client on the acks topic, a retained message) and changes
     * nothing; the message is still delivered. The uplink submits the PUBACK ahead of an answer
     * that overtook it, so a genuine answer is not dropped; one applied before its PUBACK in a
     * group would leave the message SENT, to be published again and answered the same way.
     */
    int apply(Connection c, List<? extends Outcome> outcomes) throws SQLException {
        long now = clock.millis();
        int changed = 0;
        boolean[] answeredLater = new boolean[outcomes.size()];
        Set<String> answered = new HashSet<>();
        for (int i = outcomes.size() - 1; i >= 0; i--) {
            Outcome outcome = outcomes.get(i);
            if (outcome instanceof Outcome.Published) {
                answeredLater[i] = answered.contains(outcome.id());
            } else {
                answered.add(outcome.id());
            }
        }
        try (PreparedStatement published = c.prepareStatement("UPDATE outbox_message SET state = 'SENT', sent_at = ?1,"
                + " attempts = attempts + 1 WHERE " + rowOf(2, 3) + " AND state = 'PENDING'");
             PreparedStatement attempted = c.prepareStatement("UPDATE outbox_message SET sent_at = ?1, attempts = attempts + 1"
                + " WHERE " + rowOf(2, 3) + " AND state = 'PENDING'");
             PreparedStatement accepted = c.prepareStatement("UPDATE outbox_message SET state = 'ACKED', answered_at = ?1"
                + " WHERE " + rowOf(2, 3) + " AND state IN " + OutboxSchema.UNACKED + " AND sent_at IS NOT NULL");
             PreparedStatement rejected = c.prepareStatement("UPDATE outbox_message SET state = 'REJECTED', answered_at = ?1,"
                + " result_code = ?4, result_reason = ?5 WHERE " + rowOf(2, 3) + " AND state IN " + OutboxSchema.UNACKED
                + " AND sent_at IS NOT NULL");
             PreparedStatement unsendable = c.prepareStatement("UPDATE outbox_message SET state = 'NEEDS_ATTENTION',"
                + " result_code = ?3, result_reason = ?4 WHERE " + rowOf(1, 2) + " AND state = 'PENDING'")) {
            for (int i = 0; i < outcomes.size(); i++) {
                changed += switch (outcomes.get(i)) {
                    case Outcome.Published p -> update(answeredLater[i] ? attempted : published, now, p.id());
                    case Outcome.Accepted a -> update(accepted, now, a.id());
                    case Outcome.Rejected r -> {
                        rejected.setLong(1, now);
                        bindId(rejected, 2, r.id());
                        rejected.setString(4, r.code());
                        rejected.setString(5, r.reason());
                        yield rejected.executeUpdate();
                    }
                    case Outcome.Unsendable u -> {
                        bindId(unsendable, 1, u.id());
                        unsendable.setString(3, u.code());
                        unsendable.setString(4, u.reason());
                        yield unsendable.executeUpdate();
                    }
                };
            }
        }
        return changed;
    }

    int requeueSent(Connection c, long sentBefore, int maxAttempts) throws SQLException {
        try (PreparedStatement requeue = c.prepareStatement("""
                UPDATE outbox_message SET state = CASE WHEN attempts >= ? THEN 'NEEDS_ATTENTION' ELSE 'PENDING' END
                 WHERE state = 'SENT' AND sent_at < ?""")) {
            requeue.setInt(1, maxAttempts);
            requeue.setLong(2, sentBefore);
            return requeue.executeUpdate();
        }
    }

    /** NEEDS_ATTENTION back to PENDING, attempts reset and the uplink's reason for setting it aside cleared. */
    boolean retry(Connection c, String id) throws SQLException {
        try (PreparedStatement retry = c.prepareStatement(
                "UPDATE outbox_message SET state = 'PENDING', attempts = 0, result_code = NULL, result_reason = NULL"
                + " WHERE " + rowOf(1, 2) + " AND state = 'NEEDS_ATTENTION'")) {
            bindId(retry, 1, id);
            return retry.executeUpdate() == 1;
        }
    }

    /** Deletes at most {@code limit} ACKED rows answered before {@code answeredBefore}, oldest answer first; returns how many. */
    int purgeAcked(Connection c, long answeredBefore, int limit) throws SQLException {
        try (PreparedStatement highWater = c.prepareStatement("""
                UPDATE outbox_sequence SET next_seq = max(next_seq, (SELECT coalesce(max(seq), 0) + 1 FROM outbox_message))""")) {
            highWater.executeUpdate(); // the numbers of the rows about to go are never handed out again
        }
        try (PreparedStatement base = c.prepareStatement("""
                UPDATE outbox_appended_base SET (messages, messages_bytes, control, control_bytes) =
                       (SELECT messages, messages_bytes, control, control_bytes FROM outbox_appended)""")) {
            base.executeUpdate(); // the running totals outlive the newest row
        }
        try (PreparedStatement purge = c.prepareStatement("""
                DELETE FROM outbox_message WHERE seq IN (SELECT seq FROM outbox_message
                 WHERE state = 'ACKED' AND answered_at < ? ORDER BY answered_at LIMIT ?)""")) {
            purge.setLong(1, answeredBefore);
            purge.setInt(2, limit);
            int purged = purge.executeUpdate();
            try (PreparedStatement gone = c.prepareStatement("DELETE FROM outbox_foreign_id"
                    + " WHERE NOT EXISTS (SELECT 1 FROM outbox_message m WHERE m.seq = outbox_foreign_id.seq)")) {
                gone.executeUpdate();
            }
            return purged;
        }
    }

    BacklogStats stats(Connection c, Lane lane) throws SQLException {
        try (PreparedStatement backlog = c.prepareStatement(STATS)) {
            backlog.setString(1, lane.name());
            try (ResultSet r = backlog.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("outbox_backlog has no row for lane " + lane);
                }
                long count = r.getLong(1);
                long bytes = r.getLong(2);
                long attention = r.getLong(3);
                long rejected = r.getLong(4);
                return new BacklogStats(count, bytes, age(r, 5), attention, rejected);
            }
        }
    }

    /** The age of the creation time in {@code column}, zero when it is null (no backlog). */
    private Duration age(ResultSet r, int column) throws SQLException {
        long created = r.getLong(column);
        return r.wasNull() ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - created));
    }

    Optional<StoredMessage> find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox_message WHERE " + rowOf(1, 2))) {
            bindId(select, 1, id);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    List<StoredMessage> needingAttention(Connection c, int max) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM outbox_message WHERE state IN ('REJECTED','NEEDS_ATTENTION') ORDER BY seq LIMIT ?")) {
            select.setInt(1, max);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
        }
        return out;
    }

    private static int update(PreparedStatement statement, long now, String id) throws SQLException {
        statement.setLong(1, now);
        bindId(statement, 2, id);
        return statement.executeUpdate();
    }

    /**
     * The condition selecting the row of the id bound at {@code ?idParam} (and its seq, see
     * {@link #bindId}, at {@code ?idParam+1}): the row numbered by the id's seq, if its stored id
     * is that id, or a row with a foreign id (one not ending in its own seq) listed in
     * {@code outbox_foreign_id}. No index on all ids is needed.
     */
    static String rowOf(int idParam, int seqParam) {
        if (seqParam != idParam + 1) {
            throw new IllegalArgumentException("the seq parameter follows the id parameter");
        }
        return "seq = coalesce((SELECT f.seq FROM outbox_foreign_id f WHERE f.id = ?%1$d), ?%2$d) AND id = ?%1$d"
                .formatted(idParam, seqParam);
    }

    /** Binds an id and the seq it names, for {@link #rowOf}. */
    static void bindId(PreparedStatement statement, int idParam, String id) throws SQLException {
        statement.setString(idParam, id);
        statement.setLong(idParam + 1, MessageIds.seqOf(id));
    }

    private static StoredMessage read(ResultSet r) throws SQLException {
        return new StoredMessage(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                Lane.valueOf(r.getString(5)), r.getString(6), r.getBytes(7), MessageState.valueOf(r.getString(8)),
                r.getInt(9), instant(r, 10), instant(r, 11), instant(r, 12), r.getString(13), r.getString(14));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
