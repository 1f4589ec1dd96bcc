package org.yibao.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.yibao.outbox.db.MissingTableException;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * What a person may do to an outbox from outside the process that runs it (a technician's
 * command while the service holds the same file): see the messages that need attention, without
 * their payloads, and put NEEDS_ATTENTION messages back to PENDING with their attempts reset
 * ({@link Outbox#retry}'s statement), where the running uplink's poll finds them.
 *
 * <p>Promises: it needs no device id and creates, migrates or numbers nothing; reading works on a
 * database opened read-only. A retry of several ids is one transaction, all or none: an id that
 * is unknown or not NEEDS_ATTENTION leaves every message as it was. REJECTED messages are never
 * retried: the centre answered them, and it answers a claim id it has seen with the same answer.
 */
public final class OutboxOperator {

    /** A row as a person sees it: everything but the payload. */
    public record Summary(String id, String type, Lane lane, MessageState state, int attempts, int bytes,
                          Instant createdAt, Instant sentAt, Instant answeredAt, String resultCode, String resultReason) {
    }

    /** The outcome of {@link #retry}. */
    public sealed interface Retry {
        /** Every id was NEEDS_ATTENTION and is PENDING now, attempts reset; {@code retried} as the rows were before. */
        record Done(List<Summary> retried) implements Retry {
        }

        /** {@code id} is not in the outbox; nothing changed. */
        record Unknown(String id) implements Retry {
        }

        /** {@code message} is not NEEDS_ATTENTION (REJECTED, or still on its way); nothing changed. */
        record NotRetryable(Summary message) implements Retry {
        }
    }

    private static final String COLUMNS = "seq, id, type, lane, state, attempts, bytes, created_at, sent_at, answered_at,"
            + " result_code, result_reason";

    private final SqliteDatabase db;
    private final MessageRows rows;

    private OutboxOperator(SqliteDatabase db) {
        this.db = db;
        this.rows = new MessageRows(Clock.systemUTC()); // a retry writes no time
    }

    /**
     * The oldest schema whose rows, counts and triggers are those of {@link OutboxSchema#VERSION}
     * for what an operator reads and writes (schema 3 changed only the view of the running totals,
     * which no operator command reads): between a package upgrade and the service's next start,
     * the technician's commands still work on the outbox as the old service left it.
     */
    static final int OLDEST_OPERABLE = 2;

    /**
     * The outbox in {@code db} as it is.
     *
     * @throws MissingTableException when {@code db} holds no outbox
     * @throws SQLException when its schema is older than {@link #OLDEST_OPERABLE} (the service
     *     migrates it at start) or newer than this program's
     */
    public static OutboxOperator existing(SqliteDatabase db) throws SQLException {
        db.requireTables("outbox_message");
        int version = db.read(OutboxSchema::version);
        if (version > OutboxSchema.VERSION) {
            throw new SQLException("本机消息队列（outbox）的版本 " + version + " 比本程序的 " + OutboxSchema.VERSION
                    + " 新，请使用与终端服务同一版本的程序");
        }
        if (version < OLDEST_OPERABLE) {
            throw new SQLException("本机消息队列（outbox）仍是旧版本 " + version + "，请先启动一次终端服务，它会把消息队列升级");
        }
        return new OutboxOperator(db);
    }

    /**
     * NEEDS_ATTENTION and REJECTED messages, or with {@code everyUnacknowledged} also those still
     * PENDING or SENT; oldest first, at most {@code max}.
     */
    public List<Summary> list(boolean everyUnacknowledged, int max) throws SQLException {
        String states = everyUnacknowledged ? "state <> 'ACKED'" : "state IN ('NEEDS_ATTENTION','REJECTED')";
        return db.read(c -> {
            List<Summary> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM outbox_message WHERE " + states + " ORDER BY seq LIMIT ?")) {
                select.setInt(1, max);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        out.add(read(r));
                    }
                }
            }
            return out;
        });
    }

    /** As {@link Outbox#newestAppendedAt(Lane)}: when the newest stored message of {@code lane} was appended. */
    public Optional<Instant> newestAppendedAt(Lane lane) throws SQLException {
        return db.read(c -> rows.newestCreatedAt(c, lane));
    }

    /** How many messages are NEEDS_ATTENTION and how many REJECTED, both lanes. */
    public long[] attentionCounts() throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT coalesce(sum(needs_attention), 0), coalesce(sum(rejected), 0) FROM outbox_backlog");
                 ResultSet r = select.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2)};
            }
        });
    }

    /** Puts {@code ids} (each NEEDS_ATTENTION) back to PENDING with attempts reset, all in one transaction, or none. */
    public Retry retry(List<String> ids) throws SQLException {
        return db.inTransaction(c -> {
            List<Summary> before = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                Optional<Summary> found = find(c, id);
                if (found.isEmpty()) {
                    return new Retry.Unknown(id);
                }
                if (found.get().state() != MessageState.NEEDS_ATTENTION) {
                    return new Retry.NotRetryable(found.get());
                }
                before.add(found.get());
            }
            for (Summary message : before) {
                if (!rows.retry(c, message.id())) {
                    throw new IllegalStateException("outbox: " + message.id() + " changed inside the transaction");
                }
            }
            return new Retry.Done(before);
        });
    }

    /** Puts every NEEDS_ATTENTION message back to PENDING with attempts reset; returns them as they were. */
    public List<Summary> retryAllNeedingAttention() throws SQLException {
        return db.inTransaction(c -> {
            List<Summary> before = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM outbox_message WHERE state = 'NEEDS_ATTENTION' ORDER BY seq");
                 ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    before.add(read(r));
                }
            }
            for (Summary message : before) {
                rows.retry(c, message.id());
            }
            return before;
        });
    }

    /**
     * The state of message {@code id}; empty when it is not stored: never appended, or ACKED and
     * purged after its retention (only ACKED rows are ever deleted).
     */
    public Optional<MessageState> state(String id) throws SQLException {
        return db.read(c -> find(c, id)).map(Summary::state);
    }

    /**
     * The payload of {@code id}, empty without such a message. Never shown: a command reads it to
     * know whom a centre's reason may quote, so that it can mask them.
     */
    public Optional<byte[]> payload(String id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT payload FROM outbox_message WHERE " + MessageRows.rowOf(1, 2))) {
                MessageRows.bindId(select, 1, id);
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    private Optional<Summary> find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox_message WHERE "
                + MessageRows.rowOf(1, 2))) {
            MessageRows.bindId(select, 1, id);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    private static Summary read(ResultSet r) throws SQLException {
        return new Summary(r.getString(2), r.getString(3), Lane.valueOf(r.getString(4)), MessageState.valueOf(r.getString(5)),
                r.getInt(6), r.getInt(7), instant(r, 8), instant(r, 9), instant(r, 10), r.getString(11), r.getString(12));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
