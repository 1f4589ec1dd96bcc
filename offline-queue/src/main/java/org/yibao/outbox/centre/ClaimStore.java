package org.yibao.outbox.centre;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.Envelope;

/**
 * The reference centre's own SQLite store. Stores each message id once; a duplicate only bumps
 * its delivery count and gets the stored answer back, so every instance sharing the file gives
 * the same ack for the same id. Reject rules (for tests and demos) live here too.
 */
public final class ClaimStore {

    private static final String COLUMNS = "id, device, type, order_key, payload, arrival, status, code, reason, deliveries, received_by";

    private final SqliteDatabase db;

    private ClaimStore(SqliteDatabase db) {
        this.db = db;
    }

    /** Opens the store in {@code db}, creating its tables if needed. */
    public static ClaimStore open(SqliteDatabase db) throws SQLException {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                    CREATE TABLE IF NOT EXISTS centre_claim(
                      id          TEXT PRIMARY KEY,
                      device      TEXT NOT NULL,
                      admdvs      TEXT NOT NULL,
                      fixmedins   TEXT NOT NULL,
                      lane        TEXT,
                      type        TEXT,
                      order_key   TEXT,
                      payload     BLOB NOT NULL,
                      created_at  INTEGER,
                      arrival     INTEGER NOT NULL UNIQUE,
                      received_at INTEGER NOT NULL,
                      received_by TEXT NOT NULL,
                      status      TEXT NOT NULL CHECK (status IN ('ACCEPTED','REJECTED')),
                      code        TEXT NOT NULL,
                      reason      TEXT NOT NULL,
                      deliveries  INTEGER NOT NULL)""");
                s.execute("CREATE TABLE IF NOT EXISTS centre_reject(id TEXT PRIMARY KEY, code TEXT NOT NULL, reason TEXT NOT NULL)");
            }
            return null;
        });
        return new ClaimStore(db);
    }

    /** From now on, the message {@code id} is rejected with {@code code} and {@code reason} (if not yet stored). */
    public void rejectId(String id, String code, String reason) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT OR REPLACE INTO centre_reject VALUES (?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, code);
                insert.setString(3, reason);
                return insert.executeUpdate();
            }
        });
    }

    /**
     * Stores a batch of arrivals in one transaction, with each statement prepared once for the
     * batch; returns the answer for each, in order.
     */
    List<Ack> storeAll(List<Received> arrivals, String instanceId, long nowMillis) throws SQLException {
        if (arrivals.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(c -> {
            try (Statements statements = new Statements(c)) {
                List<Ack> acks = new ArrayList<>(arrivals.size());
                for (Received arrival : arrivals) {
                    acks.add(store(statements, arrival, instanceId, nowMillis));
                }
                return acks;
            }
        });
    }

    /** The statements {@link #storeAll} runs per arrival, prepared once per batch. */
    private static final class Statements implements AutoCloseable {
        final PreparedStatement answer;
        final PreparedStatement bump;
        final PreparedStatement rule;
        final PreparedStatement insert;

        Statements(Connection c) throws SQLException {
            answer = c.prepareStatement("SELECT status, code, reason FROM centre_claim WHERE id = ?");
            bump = c.prepareStatement("UPDATE centre_claim SET deliveries = deliveries + 1 WHERE id = ?");
            rule = c.prepareStatement("SELECT code, reason FROM centre_reject WHERE id = ?");
            insert = c.prepareStatement("""
                INSERT INTO centre_claim(id, device, admdvs, fixmedins, lane, type, order_key, payload, created_at,
                                         arrival, received_at, received_by, status, code, reason, deliveries)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(arrival), 0) + 1 FROM centre_claim), ?, ?, ?, ?, ?, 1)""");
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : new PreparedStatement[] {answer, bump, rule, insert}) {
                statement.close();
            }
        }
    }

    /** A verified message and where it came from. */
    record Received(Envelope envelope, String admdvs, String fixmedins, String device, String rejectCode, String rejectReason) {
    }

    private Ack store(Statements st, Received r, String instanceId, long now) throws SQLException {
        String id = r.envelope().id();
        st.answer.setString(1, id);
        try (ResultSet existing = st.answer.executeQuery()) {
            if (existing.next()) {
                Ack stored = ack(id, existing.getString(1), existing.getString(2), existing.getString(3), instanceId, now);
                st.bump.setString(1, id);
                st.bump.executeUpdate();
                return stored;
            }
        }
        String status = "ACCEPTED";
        String code = "0";
        String reason = "";
        if (r.rejectCode() != null) {
            status = "REJECTED";
            code = r.rejectCode();
            reason = r.rejectReason();
        } else {
            st.rule.setString(1, id);
            try (ResultSet rule = st.rule.executeQuery()) {
                if (rule.next()) {
                    status = "REJECTED";
                    code = rule.getString(1);
                    reason = rule.getString(2);
                }
            }
        }
        PreparedStatement insert = st.insert;
        Envelope e = r.envelope();
        insert.setString(1, id);
        insert.setString(2, r.device());
        insert.setString(3, r.admdvs());
        insert.setString(4, r.fixmedins());
        insert.setString(5, e.lane());
        insert.setString(6, e.type());
        insert.setString(7, e.key());
        insert.setBytes(8, e.payload());
        insert.setLong(9, e.createdAt());
        insert.setLong(10, now);
        insert.setString(11, instanceId);
        insert.setString(12, status);
        insert.setString(13, code);
        insert.setString(14, reason);
        insert.executeUpdate();
        return ack(id, status, code, reason, instanceId, now);
    }

    /** The stored message with this id. */
    public Optional<StoredClaim> find(String id) throws SQLException {
        return db.read(c -> find(c, id));
    }

    /** Every stored message in arrival order. */
    public List<StoredClaim> all() throws SQLException {
        return db.read(c -> {
            List<StoredClaim> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM centre_claim ORDER BY arrival")) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
            return out;
        });
    }

    /** How many distinct ids are stored. */
    public long count() throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM centre_claim")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static Optional<StoredClaim> find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM centre_claim WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    private static StoredClaim read(ResultSet r) throws SQLException {
        return new StoredClaim(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getBytes(5), r.getLong(6),
                r.getString(7), r.getString(8), r.getString(9), r.getInt(10), r.getString(11));
    }

    private static Ack ack(String id, String status, String code, String reason, String instanceId, long now) {
        return new Ack(1, id, Ack.Status.valueOf(status), code, reason, instanceId, now);
    }
}
