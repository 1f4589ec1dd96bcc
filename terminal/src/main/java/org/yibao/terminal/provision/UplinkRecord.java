package org.yibao.terminal.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * What the outbox database says about the uplink, read over a read-only connection while the
 * service may be running: the unacknowledged backlog (count, bytes, oldest), rows needing
 * attention or rejected, and when the centre last acknowledged a claim. This is the service's
 * own durable record; whether a broker session is up at this instant is only known inside the
 * running service, so a separate command does not claim it.
 *
 * @param lastAckAt the newest acknowledgement still kept (acknowledged rows are purged after the retention)
 */
public record UplinkRecord(long backlogCount, long backlogBytes, Optional<Instant> oldestUnacked, long needsAttention,
                           long rejected, long acknowledged, Optional<Instant> lastAckAt) {

    /** A device whose database has no outbox yet. */
    public static final UplinkRecord EMPTY = new UplinkRecord(0, 0, Optional.empty(), 0, 0, 0, Optional.empty());

    /** Reads {@code databaseFile}; {@link #EMPTY} when it or its outbox does not exist yet. */
    public static UplinkRecord read(Path databaseFile) throws SQLException {
        if (!Files.isRegularFile(databaseFile)) return EMPTY;
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(databaseFile)) {
            return db.read(UplinkRecord::fromOutbox);
        }
    }

    private static UplinkRecord fromOutbox(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox_message'")) {
                if (!rs.next()) return EMPTY;
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT sum(state IN ('PENDING','SENT','NEEDS_ATTENTION')),
                           coalesce(sum(CASE WHEN state IN ('PENDING','SENT','NEEDS_ATTENTION') THEN bytes END), 0),
                           min(CASE WHEN state IN ('PENDING','SENT','NEEDS_ATTENTION') THEN created_at END),
                           sum(state = 'NEEDS_ATTENTION'), sum(state = 'REJECTED'), sum(state = 'ACKED'),
                           max(CASE WHEN state = 'ACKED' THEN answered_at END)
                      FROM outbox_message""")) {
                rs.next();
                return new UplinkRecord(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), instant(rs, 7));
            }
        }
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** A word for a technician: {@code caught-up}, {@code backlog}, {@code attention} or {@code no-claims-yet}. */
    public String state() {
        if (needsAttention > 0 || rejected > 0) return "attention";
        if (backlogCount > 0) return "backlog";
        return acknowledged > 0 ? "caught-up" : "no-claims-yet";
    }
}
