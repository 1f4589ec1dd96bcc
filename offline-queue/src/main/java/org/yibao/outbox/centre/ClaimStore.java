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
 * the same ack for the same id; an id that comes again with another payload is refused
 * ({@link #ID_REUSED}), as it can only be a device numbering new claims with used ids. Reject rules (for tests and demos) live here too. A message the
 * centre's verification refused (its id another device's, a payload it cannot use) is answered
 * but never stored: stored under its id, it would be the answer to the id's real message.
 */
public final class ClaimStore {

    /** The verification's code for a message whose id or sender is not the device whose topic it came on. */
    public static final String DEVICE_REFUSAL = "E_DEVICE";

    /**
     * The answer to a message whose id is stored with another payload: a device that lost
     * committed writes (its database restored without its {@code -wal}, or an old copy) numbers
     * new claims with ids it already used. Answered as a duplicate, the new claim would be
     * acknowledged and lost without a word; refused, it waits in the device's NEEDS_ATTENTION.
     */
    public static final String ID_REUSED = "E_ID_REUSED";
    static final String ID_REUSED_REASON = "消息编号已用于另一条内容不同的申报（终端数据库可能被恢复为旧副本或缺少 -wal 文件），本条未入库，请技术人员核查";

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
                // earlier versions stored a message refused because its id was another device's
                // under that id, where it answered the id's real message: such rows go
                s.execute("DELETE FROM centre_claim WHERE code = '" + DEVICE_REFUSAL
                        + "' AND substr(id, 1, length(device) + 1) <> device || '-'");
            }
            return null;
        });
        return new ClaimStore(db);
    }

    /**
     * The store already in {@code db}, creating and changing nothing: for reports on a database
     * opened with {@link SqliteDatabase#openReadOnly}. Throws {@link org.yibao.outbox.db.MissingTableException}
     * when {@code db} holds no {@code centre_claim} table (not the centre's database).
     */
    public static ClaimStore openExisting(SqliteDatabase db) throws SQLException {
        db.requireTables("centre_claim");
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
     * Stores a batch of arrivals in one transaction and returns the answer for each, in order.
     * Each arrival is one statement ({@link #STORE}, or {@link #REFUSED} for one the verification
     * refused); the database's connection keeps them prepared.
     */
    List<Ack> storeAll(List<Received> arrivals, String instanceId, long nowMillis) throws SQLException {
        if (arrivals.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(c -> {
            try (PreparedStatement store = c.prepareStatement(STORE); PreparedStatement refused = c.prepareStatement(REFUSED)) {
                List<Ack> acks = new ArrayList<>(arrivals.size());
                for (Received arrival : arrivals) {
                    acks.add(arrival.rejectCode() == null ? store(store, arrival, instanceId, nowMillis)
                            : refused(refused, arrival, instanceId, nowMillis));
                }
                return acks;
            }
        });
    }

    /**
     * Inserts an arrival, or for an id already stored only counts the delivery, and returns the
     * stored answer either way (so a duplicate gets the first answer) and whether the stored
     * payload is the arrival's (a duplicate with another payload is answered {@link #ID_REUSED}).
     * A new message is rejected with the reject rule for its id, else accepted. Parameters: 1 id, 2 device,
     * 3 admdvs, 4 fixmedins, 5 lane, 6 type, 7 order key, 8 payload, 9 createdAt, 10 received
     * at, 11 instance.
     */
    static final String STORE = """
        INSERT INTO centre_claim(id, device, admdvs, fixmedins, lane, type, order_key, payload, created_at,
                                 arrival, received_at, received_by, status, code, reason, deliveries)
        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
               (SELECT coalesce(max(arrival), 0) + 1 FROM centre_claim), ?10, ?11,
               CASE WHEN rule.id IS NOT NULL THEN 'REJECTED' ELSE 'ACCEPTED' END,
               coalesce(rule.code, '0'), coalesce(rule.reason, ''), 1
        FROM (SELECT 1) LEFT JOIN centre_reject rule ON rule.id = ?1
        WHERE true
        ON CONFLICT(id) DO UPDATE SET deliveries = deliveries + 1
        RETURNING status, code, reason, payload = ?8""";

    /**
     * For a message the verification refused: when its device already stored its id, a
     * duplicate, counted and answered as any duplicate (the stored answer, or {@link #ID_REUSED}
     * when the stored payload is not the arrival's); otherwise nothing is written and the
     * refusal is the answer. Parameters: 1 id, 2 device, 3 payload.
     */
    static final String REFUSED = """
        UPDATE centre_claim SET deliveries = deliveries + 1 WHERE id = ?1 AND device = ?2
        RETURNING status, code, reason, payload = ?3""";

    /** A verified message and where it came from; {@code rejectCode} (and reason) when the verification refused it. */
    record Received(Envelope envelope, String admdvs, String fixmedins, String device, String rejectCode, String rejectReason) {
    }

    private static Ack store(PreparedStatement store, Received r, String instanceId, long now) throws SQLException {
        Envelope e = r.envelope();
        store.setString(1, e.id());
        store.setString(2, r.device());
        store.setString(3, r.admdvs());
        store.setString(4, r.fixmedins());
        store.setString(5, e.lane());
        store.setString(6, e.type());
        store.setString(7, e.key());
        store.setBytes(8, e.payload());
        store.setLong(9, e.createdAt());
        store.setLong(10, now);
        store.setString(11, instanceId);
        try (ResultSet stored = store.executeQuery()) {
            if (!stored.next()) {
                throw new SQLException("storing " + e.id() + " returned no row");
            }
            if (!stored.getBoolean(4)) return ack(e.id(), "REJECTED", ID_REUSED, ID_REUSED_REASON, instanceId, now);
            return ack(e.id(), stored.getString(1), stored.getString(2), stored.getString(3), instanceId, now);
        }
    }

    private static Ack refused(PreparedStatement refused, Received r, String instanceId, long now) throws SQLException {
        refused.setString(1, r.envelope().id());
        refused.setString(2, r.device());
        refused.setBytes(3, r.envelope().payload());
        try (ResultSet stored = refused.executeQuery()) {
            if (stored.next()) {
                if (!stored.getBoolean(4)) return ack(r.envelope().id(), "REJECTED", ID_REUSED, ID_REUSED_REASON, instanceId, now);
                return ack(r.envelope().id(), stored.getString(1), stored.getString(2), stored.getString(3), instanceId, now);
            }
        }
        return ack(r.envelope().id(), "REJECTED", r.rejectCode(), r.rejectReason() == null ? "" : r.rejectReason(), instanceId, now);
    }

    /** The stored message with this id. */
    public Optional<StoredClaim> find(String id) throws SQLException {
        return db.read(c -> find(c, id));
    }

    /** Every stored message in arrival order. */
    public List<StoredClaim> all() throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM centre_claim ORDER BY arrival")) {
                return readAll(r);
            }
        });
    }

    /** The accepted messages of {@code type} from {@code device}, newest first, at most {@code limit}. */
    public List<StoredClaim> newestAccepted(String device, String type, int limit) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM centre_claim"
                    + " WHERE device = ? AND type = ? AND status = 'ACCEPTED' ORDER BY arrival DESC LIMIT ?")) {
                select.setString(1, device);
                select.setString(2, type);
                select.setInt(3, limit);
                try (ResultSet r = select.executeQuery()) {
                    return readAll(r);
                }
            }
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

    private static List<StoredClaim> readAll(ResultSet r) throws SQLException {
        List<StoredClaim> out = new ArrayList<>();
        while (r.next()) {
            out.add(read(r));
        }
        return out;
    }

    private static StoredClaim read(ResultSet r) throws SQLException {
        return new StoredClaim(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getBytes(5), r.getLong(6),
                r.getString(7), r.getString(8), r.getString(9), r.getInt(10), r.getString(11));
    }

    private static Ack ack(String id, String status, String code, String reason, String instanceId, long now) {
        return new Ack(1, id, Ack.Status.valueOf(status), code, reason, instanceId, now);
    }
}
