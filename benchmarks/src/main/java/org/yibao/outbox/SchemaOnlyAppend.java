package org.yibao.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Benchmark only: an append's one write ({@link MessageRows#insert}, the outbox's own INSERT and
 * binding) in a transaction of its own, on a database whose outbox tables {@link Outbox#open}
 * made (the same columns, partial indexes and triggers), with what the append's read would have
 * said (seq, head of its key, running totals) kept in memory instead. What the outbox's schema
 * alone costs an append, without its read, its admission and the rest of its Java: the ceiling
 * the append's rate can reach with this schema. Only for a fresh database.
 *
 * <p>{@link #rowOnly} goes one step further: the same INSERT into the message table alone, with
 * no index, trigger or other table beside it. One WAL page per commit, as the bare insert: what
 * any schema storing the message's columns could reach at best.
 */
public final class SchemaOnlyAppend {
    private static final BacklogStats UNREAD = new BacklogStats(0, 0, Duration.ZERO, 0, 0);

    private final SqliteDatabase db;
    private final String deviceId;
    private final MessageRows rows = new MessageRows(Clock.systemUTC());
    private final Set<String> keys = new HashSet<>();
    private long seq;
    private RunningTotals totals = RunningTotals.NONE;

    public SchemaOnlyAppend(SqliteDatabase db, String deviceId) {
        this.db = db;
        this.deviceId = deviceId;
    }

    /** On a fresh database: the outbox's message table only, for {@link #append}. */
    public static SchemaOnlyAppend rowOnly(SqliteDatabase db, String deviceId) throws SQLException {
        db.inTransaction(c -> {
            OutboxSchema.execute(c, OutboxSchema.messageTable("outbox_message"));
            return null;
        });
        return new SchemaOnlyAppend(db, deviceId);
    }

    public void append(NewMessage message, long now) throws SQLException {
        boolean head = message.orderKey() == null || keys.add(message.orderKey());
        NextAppend next = new NextAppend(UNREAD, ++seq, totals, head);
        totals = totals.plus(message.messageClass().lane(), message.size());
        db.inTransaction(c -> rows.insert(c, deviceId, message, next, now));
    }
}
