package org.yibao.terminal.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateResult;

/**
 * The terminal's record of fleet updates, in {@code terminal.db}: per stream the last sequence
 * applied or refused ({@code fleet_stream}), every update id with its result
 * ({@code fleet_applied}, primary key = update id, so none is recorded twice), the trust file in
 * use and the catalogue base when they came over the uplink ({@code fleet_content}), and the
 * policies from the centre the terminal holds ({@code fleet_policy}, one per effective date): the
 * one in force and any delivered ahead of its date, so a restart before that date still settles
 * with the one in force. The appliers write these in the same transaction as the content and the
 * result message to the centre; a message for the centre that the outbox's control lane has no
 * room for waits in {@code fleet_unsent} (same transaction) until it has ({@link FleetMessages}),
 * so a full lane never stops an update from being applied.
 */
public final class FleetStore {
    /** Where terminals before {@code fleet_policy} kept the one policy applied (read once, then dropped). */
    private static final String LEGACY_POLICY = "policy";

    /** The tables {@link #open} creates that readers need ({@code fleet_unsent} came later and only the service uses it). */
    private static final List<String> TABLES = List.of("fleet_stream", "fleet_applied", "fleet_content", "fleet_policy");

    private final SqliteDatabase db;

    private FleetStore(SqliteDatabase db) {
        this.db = db;
    }

    /** A file in use that came as an update. */
    public record Content(String version, byte[] body, String updateId) {
    }

    /**
     * What tells one stored file from the next without reading it: who stored it (an update id, or
     * the technician's load and its time), its version and its length.
     */
    public record ContentMark(String updateId, String version, long length) {
    }

    /** A recorded update. */
    public record Recorded(String updateId, String stream, long seq, String kind, String status, String code, String reason,
                           String version) {
    }

    /** Opens the store, creating its tables when missing. */
    public static FleetStore open(SqliteDatabase db) throws SQLException {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS fleet_stream(stream TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
                s.execute("""
                    CREATE TABLE IF NOT EXISTS fleet_applied(
                      update_id TEXT PRIMARY KEY,
                      stream    TEXT NOT NULL,
                      seq       INTEGER NOT NULL,
                      kind      TEXT NOT NULL,
                      status    TEXT NOT NULL CHECK (status IN ('APPLIED','REFUSED')),
                      code      TEXT NOT NULL,
                      reason    TEXT NOT NULL,
                      version   TEXT NOT NULL,
                      at        INTEGER NOT NULL,
                      UNIQUE (stream, seq))""");
                s.execute("""
                    CREATE TABLE IF NOT EXISTS fleet_content(
                      kind      TEXT PRIMARY KEY,
                      version   TEXT NOT NULL,
                      body      BLOB NOT NULL,
                      update_id TEXT NOT NULL)""");
                s.execute("""
                    CREATE TABLE IF NOT EXISTS fleet_unsent(
                      seq       INTEGER PRIMARY KEY,
                      type      TEXT NOT NULL,
                      update_id TEXT NOT NULL,
                      payload   BLOB NOT NULL)""");
                s.execute("""
                    CREATE TABLE IF NOT EXISTS fleet_policy(
                      effective TEXT PRIMARY KEY,
                      version   TEXT NOT NULL,
                      body      BLOB NOT NULL,
                      update_id TEXT NOT NULL)""");
            }
            return null;
        });
        return new FleetStore(db);
    }

    /**
     * The store already in {@code db}, creating and changing nothing (for a database opened with
     * {@link SqliteDatabase#openReadOnly}); empty when {@code db} lacks its tables (a terminal
     * that never ran this version: it has applied no update this store would know of).
     */
    public static Optional<FleetStore> existing(SqliteDatabase db) throws SQLException {
        for (String table : TABLES) {
            if (!db.hasTable(table)) return Optional.empty();
        }
        return Optional.of(new FleetStore(db));
    }

    public SqliteDatabase database() {
        return db;
    }

    /** The last sequence recorded per stream. */
    public Map<String, Long> lastSeqs() throws SQLException {
        return db.read(c -> {
            Map<String, Long> out = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT stream, last_seq FROM fleet_stream")) {
                while (r.next()) out.put(r.getString(1), r.getLong(2));
            }
            return out;
        });
    }

    /** The last sequence recorded for {@code stream} (0 when none). */
    public long lastSeq(String stream) throws SQLException {
        return db.read(c -> lastSeq(c, stream));
    }

    /**
     * Records {@code update}'s {@code result} inside the caller's transaction and moves its
     * stream on; refuses (IllegalStateException, rolling the transaction back) anything but the
     * next sequence, so an update is never recorded twice or out of order.
     */
    void record(Connection c, Update update, UpdateResult result) throws SQLException {
        String stream = update.target().stream();
        long last = lastSeq(c, stream);
        if (update.seq() != last + 1) {
            throw new IllegalStateException(update.updateId() + " is not the next of " + stream + " (last " + last + ")");
        }
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO fleet_stream(stream, last_seq) VALUES (?, ?) ON CONFLICT(stream) DO UPDATE SET last_seq = excluded.last_seq")) {
            upsert.setString(1, stream);
            upsert.setLong(2, update.seq());
            upsert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO fleet_applied(update_id, stream, seq, kind, status, code, reason, version, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, update.updateId());
            insert.setString(2, stream);
            insert.setLong(3, update.seq());
            insert.setString(4, update.kind().wire());
            insert.setString(5, result.status().name());
            insert.setString(6, result.code());
            insert.setString(7, result.reason());
            insert.setString(8, result.version());
            insert.setLong(9, result.at());
            insert.executeUpdate();
        }
    }

    /** Stores {@code body} as the {@code kind} in use inside the caller's transaction. */
    void putContent(Connection c, String kind, String version, byte[] body, String updateId) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO fleet_content(kind, version, body, update_id) VALUES (?, ?, ?, ?)
                ON CONFLICT(kind) DO UPDATE SET version = excluded.version, body = excluded.body, update_id = excluded.update_id""")) {
            upsert.setString(1, kind);
            upsert.setString(2, version);
            upsert.setBytes(3, body);
            upsert.setString(4, updateId);
            upsert.executeUpdate();
        }
    }

    /**
     * Holds the policy {@code body} effective from {@code effective} inside the caller's
     * transaction. It replaces every held policy effective on or after that date (the last one
     * applied wins from its date on), and those effective before {@code keepFrom} are dropped
     * (they can no longer apply). Also drops the single policy row older terminals kept in
     * {@code fleet_content}, which this table replaces.
     */
    void holdPolicy(Connection c, LocalDate effective, String version, byte[] body, String updateId, LocalDate keepFrom)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM fleet_policy WHERE effective >= ? OR effective < ?")) {
            delete.setString(1, effective.toString());
            delete.setString(2, keepFrom.toString());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO fleet_policy(effective, version, body, update_id) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, effective.toString());
            insert.setString(2, version);
            insert.setBytes(3, body);
            insert.setString(4, updateId);
            insert.executeUpdate();
        }
        try (PreparedStatement legacy = c.prepareStatement("DELETE FROM fleet_content WHERE kind = ?")) {
            legacy.setString(1, LEGACY_POLICY);
            legacy.executeUpdate();
        }
    }

    /**
     * The policies from the centre held now, oldest effective date first; for a terminal that has
     * applied none since this table came, the one policy it kept in {@code fleet_content}, if any.
     */
    public List<Content> heldPolicies() throws SQLException {
        List<Content> held = db.read(c -> {
            List<Content> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT version, body, update_id FROM fleet_policy ORDER BY effective")) {
                while (r.next()) out.add(new Content(r.getString(1), r.getBytes(2), r.getString(3)));
            }
            return out;
        });
        return held.isEmpty() ? content(LEGACY_POLICY).stream().toList() : held;
    }

    /** The {@code kind} ("trust", the catalogue base) in use that came as an update, if any. */
    public Optional<Content> content(String kind) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT version, body, update_id FROM fleet_content WHERE kind = ?")) {
                select.setString(1, kind);
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(new Content(r.getString(1), r.getBytes(2), r.getString(3))) : Optional.empty();
                }
            }
        });
    }

    /** The mark of the {@code kind} stored, if any (one small read, for a look every second). */
    public Optional<ContentMark> mark(String kind) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT update_id, version, length(body) FROM fleet_content WHERE kind = ?")) {
                select.setString(1, kind);
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(new ContentMark(r.getString(1), r.getString(2), r.getLong(3))) : Optional.empty();
                }
            }
        });
    }

    /** The record of {@code updateId}, if it was applied or refused. */
    public Optional<Recorded> recorded(String updateId) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT update_id, stream, seq, kind, status, code, reason, version FROM fleet_applied WHERE update_id = ?")) {
                select.setString(1, updateId);
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(new Recorded(r.getString(1), r.getString(2), r.getLong(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8))) : Optional.empty();
                }
            }
        });
    }

    /** How many updates were recorded (applied or refused). */
    public long count() throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM fleet_applied")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** A message for the centre waiting for room in the outbox's control lane. */
    record Unsent(long seq, String type, String updateId, byte[] payload) {
    }

    /** Keeps a message for the centre inside the caller's transaction, after those already waiting. */
    void keepUnsent(Connection c, String type, String updateId, byte[] payload) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_unsent(type, update_id, payload) VALUES (?, ?, ?)")) {
            insert.setString(1, type);
            insert.setString(2, updateId);
            insert.setBytes(3, payload);
            insert.executeUpdate();
        }
    }

    /** The oldest {@code max} messages waiting, in the order they were kept. */
    List<Unsent> unsent(int max) throws SQLException {
        return db.read(c -> {
            List<Unsent> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT seq, type, update_id, payload FROM fleet_unsent ORDER BY seq LIMIT ?")) {
                select.setInt(1, max);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) out.add(new Unsent(r.getLong(1), r.getString(2), r.getString(3), r.getBytes(4)));
                }
            }
            return out;
        });
    }

    /** Forgets a waiting message inside the caller's transaction (it is in the outbox now). */
    void dropUnsent(Connection c, long seq) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM fleet_unsent WHERE seq = ?")) {
            delete.setLong(1, seq);
            delete.executeUpdate();
        }
    }

    /** How many messages for the centre wait for room in the control lane. */
    public long unsentCount() throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM fleet_unsent")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static long lastSeq(Connection c, String stream) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT last_seq FROM fleet_stream WHERE stream = ?")) {
            select.setString(1, stream);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
