package org.yibao.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.Set;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Benchmark only: an append's one write ({@link MessageRows#INSERT}, the outbox's own statement)
 * in a transaction of its own, on a database whose outbox tables {@link Outbox#open} made (the
 * same columns, partial indexes and triggers), with what the append's read would have said
 * (seq, head of its key, running totals) kept in memory instead. What the outbox's schema alone
 * costs an append, without its read, its admission and its Java: the ceiling the append's rate
 * can reach with this schema. Only for a fresh database and one lane ({@code MESSAGES}).
 */
public final class SchemaOnlyAppend {
    private final SqliteDatabase db;
    private final String deviceId;
    private final Set<String> keys = new HashSet<>();
    private long seq;
    private long messages;
    private long messagesBytes;

    public SchemaOnlyAppend(SqliteDatabase db, String deviceId) {
        this.db = db;
        this.deviceId = deviceId;
    }

    public void append(NewMessage message, long now) throws SQLException {
        if (message.messageClass().lane() != Lane.MESSAGES) throw new IllegalArgumentException("MESSAGES lane only");
        db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(MessageRows.INSERT)) {
                byte[] payload = message.payloadUnshared();
                long s = ++seq;
                messages++;
                messagesBytes += payload.length;
                insert.setLong(1, s);
                insert.setString(2, deviceId + '-' + s);
                insert.setString(3, Lane.MESSAGES.name());
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
                insert.setBoolean(10, message.orderKey() == null || keys.add(message.orderKey()));
                insert.setLong(11, messages);
                insert.setLong(12, messagesBytes);
                insert.setLong(13, 0);
                insert.setLong(14, 0);
                return insert.executeUpdate();
            }
        });
    }
}
