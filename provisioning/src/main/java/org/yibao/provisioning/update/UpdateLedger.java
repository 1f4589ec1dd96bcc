package org.yibao.provisioning.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Topics;

/**
 * The REFERENCE centre's record of fleet updates, in its SQLite file: every signed update with
 * its per-target sequence (allocated and stored in one transaction, so two publishers never
 * share a number), the devices that asked for updates (where their topics are), the catch-up
 * answers, and the devices' results (read from the claim store, where they arrive as
 * {@value UpdateResult#TYPE} messages on the control lane).
 */
public final class UpdateLedger {
    /** Updates per stream in one catch-up answer. */
    static final int CATCH_UP_LIMIT = 20;

    private final SqliteDatabase db;
    private final Clock clock;

    private UpdateLedger(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A stored, signed update. */
    public record Stored(String updateId, String stream, long seq, String kind, byte[] envelope) {
    }

    /** Where a device's topics are (learnt from its catch-up requests). */
    public record Device(String deviceId, String admdvs, String fixmedinsCode) {
        public Topics topics() {
            return new Topics(admdvs, fixmedinsCode, deviceId);
        }
    }

    /** Opens the ledger in {@code db}, creating its tables when missing. */
    public static UpdateLedger open(SqliteDatabase db, Clock clock) throws SQLException {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                    CREATE TABLE IF NOT EXISTS centre_update(
                      update_id  TEXT PRIMARY KEY,
                      stream     TEXT NOT NULL,
                      seq        INTEGER NOT NULL CHECK (seq >= 1),
                      kind       TEXT NOT NULL,
                      envelope   BLOB NOT NULL,
                      created_at INTEGER NOT NULL,
                      UNIQUE (stream, seq))""");
                s.execute("""
                    CREATE TABLE IF NOT EXISTS centre_device(
                      device    TEXT PRIMARY KEY,
                      admdvs    TEXT NOT NULL,
                      fixmedins TEXT NOT NULL,
                      seen_at   INTEGER NOT NULL)""");
                if (!hasColumn(c, "centre_device", "max_packet")) {
                    // the largest message the device said it takes (0: never said), from its catch-up requests
                    s.execute("ALTER TABLE centre_device ADD COLUMN max_packet INTEGER NOT NULL DEFAULT 0");
                }
            }
            return null;
        });
        return new UpdateLedger(db, clock);
    }

    /**
     * The ledger already in {@code db}, creating and changing nothing: for reports on a database
     * opened with {@link SqliteDatabase#openReadOnly}. Throws {@link org.yibao.outbox.db.MissingTableException}
     * when {@code db} holds no ledger tables (not the centre's database).
     */
    public static UpdateLedger openExisting(SqliteDatabase db, Clock clock) throws SQLException {
        db.requireTables("centre_update", "centre_device");
        return new UpdateLedger(db, clock);
    }

    /**
     * Gives {@code target} its next sequence number, signs the update with {@code signer} and
     * stores it, all in one transaction.
     */
    public Stored add(UpdateTarget target, UpdateKind kind, byte[] content, String command, UpdateSigner signer) throws SQLException {
        return db.inTransaction(c -> store(c, new Update(target, lastSeq(c, target.stream()) + 1, kind, clock.instant(), content, command),
                signer));
    }

    /** {@code file}, a full catalogue, in {@link UpdateKind#CATALOG_PART} pieces (see the other {@code addParts}). */
    public List<Stored> addParts(UpdateTarget target, byte[] file, int pieceBytes, UpdateSigner signer) throws SQLException {
        return addParts(target, UpdateKind.CATALOG_PART, file, pieceBytes, signer);
    }

    /**
     * {@code file} as consecutive updates of {@code kind} (a piece kind: {@link UpdateKind#isPart()})
     * of {@code target}'s stream, in pieces of {@code pieceBytes}, each signed, numbered and stored
     * in ONE transaction: no device meets some of the pieces without the others after them.
     */
    public List<Stored> addParts(UpdateTarget target, UpdateKind kind, byte[] file, int pieceBytes, UpdateSigner signer) throws SQLException {
        if (!kind.isPart()) throw new IllegalArgumentException(kind.wire() + " is not a piece");
        List<FilePart.Piece> pieces = FilePart.split(file, pieceBytes);
        return db.inTransaction(c -> {
            long seq = lastSeq(c, target.stream());
            List<Stored> stored = new ArrayList<>(pieces.size());
            for (FilePart.Piece piece : pieces) stored.add(store(c, new Update(target, ++seq, kind, clock.instant(), piece), signer));
            return stored;
        });
    }

    private Stored store(Connection c, Update update, UpdateSigner signer) throws SQLException {
        byte[] envelope = signer.sign(update);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO centre_update(update_id, stream, seq, kind, envelope, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, update.updateId());
            insert.setString(2, update.target().stream());
            insert.setLong(3, update.seq());
            insert.setString(4, update.kind().wire());
            insert.setBytes(5, envelope);
            insert.setLong(6, clock.millis());
            insert.executeUpdate();
        }
        return new Stored(update.updateId(), update.target().stream(), update.seq(), update.kind().wire(), envelope);
    }

    /**
     * Replaces the stored update {@code seq} of {@code target}'s stream with a signed notice that it
     * is withdrawn ({@link UpdateKind#WITHDRAWN}: the same id, no content), so a device that has not
     * had it (it was withheld as too large, or set aside) moves past it to the updates after it; a
     * device that applied it keeps what it applied. Empty when no such update is stored.
     */
    public Optional<Stored> withdraw(UpdateTarget target, long seq, UpdateSigner signer) throws SQLException {
        if (seq < 1) return Optional.empty(); // no update has it
        return db.inTransaction(c -> {
            Update notice = new Update(target, seq, UpdateKind.WITHDRAWN, clock.instant(), new byte[0], "");
            byte[] envelope = signer.sign(notice);
            try (PreparedStatement replace = c.prepareStatement("UPDATE centre_update SET kind = ?, envelope = ? WHERE stream = ? AND seq = ?")) {
                replace.setString(1, UpdateKind.WITHDRAWN.wire());
                replace.setBytes(2, envelope);
                replace.setString(3, target.stream());
                replace.setLong(4, seq);
                if (replace.executeUpdate() == 0) return Optional.<Stored>empty();
            }
            return Optional.of(new Stored(notice.updateId(), target.stream(), seq, UpdateKind.WITHDRAWN.wire(), envelope));
        });
    }

    /** Up to {@code limit} updates of {@code stream} after {@code seq}, in order. */
    public List<Stored> after(String stream, long seq, int limit) throws SQLException {
        List<Stored> out = new ArrayList<>();
        for (Published p : publishedAfter(stream, seq, limit)) envelope(p).ifPresent(e -> out.add(p.stored(e)));
        return out;
    }

    /**
     * Answers a catch-up request (the {@value CatchUp#SERVICE} service) from the device whose
     * request topic is {@code from}, and records where that device is. The answer holds up to
     * {@value #CATCH_UP_LIMIT} updates per stream, those of the device's and the area's streams in
     * the order they were published (as an online device got them), and no more bytes of envelopes than the request's
     * {@code max_bytes} (but always one), so a device that asked for a megabyte at a time gets a
     * large catalogue alone; an update whose envelope is larger than the device's {@code max_packet}
     * is not sent (the broker would drop it) but named under {@code withheld}, and the updates after
     * it in its stream wait behind it; so is one the device says it set aside (by its SHA-256). The device, area and
     * institution are the topic's (which the broker's ACL ties to the client); a body naming
     * another device is refused.
     */
    public byte[] answer(Topics from, byte[] body) {
        try {
            CatchUp.Request request = CatchUp.Request.parse(body);
            if (from == null || !from.deviceId().equals(request.device())) {
                throw new IllegalArgumentException("request for device " + request.device() + " on another device's topic");
            }
            Device device = new Device(from.deviceId(), from.admdvs(), from.fixmedinsCode());
            seen(device, request.maxPacket());
            List<CatchUp.Withheld> withheld = new ArrayList<>();
            List<Published> sendable = new ArrayList<>();
            long horizon = Long.MAX_VALUE;
            for (UpdateTarget target : List.of(UpdateTarget.device(device.deviceId()), UpdateTarget.area(device.admdvs()))) {
                List<Published> next = publishedAfter(target.stream(), request.after().getOrDefault(target.stream(), 0L), CATCH_UP_LIMIT);
                boolean streamMore = next.size() == CATCH_UP_LIMIT;
                for (Published p : next) {
                    boolean setAside = setAside(request, p);
                    boolean unknown = !request.knows(p.kind());
                    if (p.length() > request.largestEnvelope() || setAside || unknown) {
                        String reason = unknown ? CatchUp.Withheld.UNKNOWN_KIND
                                : setAside ? CatchUp.Withheld.SET_ASIDE : CatchUp.Withheld.TOO_LARGE;
                        withheld.add(new CatchUp.Withheld(p.updateId(), p.length(), reason)); // the rest of its stream waits behind it
                        streamMore = false;
                        break;
                    }
                    sendable.add(p);
                }
                if (streamMore) horizon = Math.min(horizon, next.getLast().order()); // its next update comes after this one
            }
            return inPublishOrder(sendable, horizon, request, withheld);
        } catch (IllegalArgumentException | SQLException e) {
            return ("{\"error\":" + org.yibao.provisioning.bundle.BundleJson.mapper().getNodeFactory().textNode(String.valueOf(e.getMessage())) + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * A stored update without its envelope, and its place in the order of publication (the
     * ledger's rowid), across every stream: an answer reads only the envelopes it sends (up to
     * {@value #CATCH_UP_LIMIT} per stream listed, each up to a few MB when a file goes in pieces).
     */
    private record Published(long order, String updateId, String stream, long seq, String kind, long length) {
        Stored stored(byte[] envelope) {
            return new Stored(updateId, stream, seq, kind, envelope);
        }
    }

    /**
     * The answer of {@code sendable} in the order they were published, across both streams (so a
     * device that was offline applies them as one that was online did: the device's own update
     * published after the area's wins over it), none published after {@code horizon} (an update
     * of a stream cut at {@value #CATCH_UP_LIMIT} that comes before it is not in this answer yet),
     * and no more bytes of envelopes than the request's budget (but always one).
     */
    private byte[] inPublishOrder(List<Published> sendable, long horizon, CatchUp.Request request,
                                  List<CatchUp.Withheld> withheld) throws SQLException {
        List<Published> ordered = sendable.stream().sorted(java.util.Comparator.comparingLong(Published::order)).toList();
        List<byte[]> updates = new ArrayList<>();
        long bytes = 0;
        for (Published p : ordered) {
            if (p.order() > horizon) return new CatchUp.Answer(updates, true, withheld).toJson(request.inline());
            if (!updates.isEmpty() && bytes + p.length() > request.envelopeBudget()) {
                return new CatchUp.Answer(updates, true, withheld).toJson(request.inline()); // the rest at the next ask
            }
            Optional<byte[]> envelope = envelope(p);
            if (envelope.isEmpty()) continue;
            updates.add(envelope.get());
            bytes += envelope.get().length;
        }
        return new CatchUp.Answer(updates, horizon != Long.MAX_VALUE, withheld).toJson(request.inline());
    }

    /** Up to {@code limit} updates of {@code stream} after {@code seq}, in order, each with its place in the order of publication. */
    private List<Published> publishedAfter(String stream, long seq, int limit) throws SQLException {
        return db.read(c -> {
            List<Published> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT rowid, update_id, stream, seq, kind, length(envelope) FROM centre_update"
                    + " WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                select.setString(1, stream);
                select.setLong(2, seq);
                select.setInt(3, limit);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        out.add(new Published(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5), r.getLong(6)));
                    }
                }
            }
            return out;
        });
    }

    /** The envelope of {@code p} as stored now (a withdrawal replaces it in place); empty if it is gone. */
    private Optional<byte[]> envelope(Published p) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT envelope FROM centre_update WHERE rowid = ?")) {
                select.setLong(1, p.order());
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    private boolean setAside(CatchUp.Request request, Published p) throws SQLException {
        if (request.setAside().isEmpty()) return false;
        Optional<byte[]> envelope = envelope(p);
        return envelope.isPresent() && request.setAside().contains(UpdateEnvelope.sha256(envelope.get()));
    }

    /** Records that {@code device} was seen (its topics) and the largest message it takes (0: not said), in one transaction. */
    public void seen(Device device, long maxPacket) throws SQLException {
        db.inTransaction(c -> {
            upsert(c, device);
            try (PreparedStatement update = c.prepareStatement("UPDATE centre_device SET max_packet = ? WHERE device = ?")) {
                update.setLong(1, maxPacket);
                update.setString(2, device.deviceId());
                return update.executeUpdate();
            }
        });
    }

    /**
     * The devices {@code target} reaches (the device, or those of the area) that said they take
     * no message as large as {@code envelopeBytes} with its answer around it: the centre will
     * withhold the update from them.
     */
    public List<String> tooLargeFor(UpdateTarget target, long envelopeBytes) throws SQLException {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            String where = target.scope() == UpdateTarget.Scope.DEVICE ? "device = ?" : "admdvs = ?";
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT device FROM centre_device WHERE " + where + " AND max_packet > 0 AND max_packet - ? < ? ORDER BY device")) {
                select.setString(1, target.id());
                select.setLong(2, CatchUp.PACKET_OVERHEAD);
                select.setLong(3, envelopeBytes);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    /** Records that {@code device} was seen (its topics). */
    public void seen(Device device) throws SQLException {
        db.inTransaction(c -> upsert(c, device));
    }

    private int upsert(Connection c, Device device) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO centre_device(device, admdvs, fixmedins, seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(device) DO UPDATE SET admdvs = excluded.admdvs, fixmedins = excluded.fixmedins, seen_at = excluded.seen_at""")) {
            upsert.setString(1, device.deviceId());
            upsert.setString(2, device.admdvs());
            upsert.setString(3, device.fixmedinsCode());
            upsert.setLong(4, clock.millis());
            return upsert.executeUpdate();
        }
    }

    /** Where {@code deviceId} was last seen, if it ever asked for updates. */
    public Optional<Device> device(String deviceId) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT device, admdvs, fixmedins FROM centre_device WHERE device = ?")) {
                select.setString(1, deviceId);
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(new Device(r.getString(1), r.getString(2), r.getString(3))) : Optional.empty();
                }
            }
        });
    }

    /** Every result the devices sent, in arrival order (empty when no claim store is in this file). */
    public List<UpdateResult> results() throws SQLException {
        return db.read(c -> {
            List<UpdateResult> out = new ArrayList<>();
            if (!claimTableExists(c)) return out;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT payload FROM centre_claim WHERE type = ? ORDER BY arrival")) {
                select.setString(1, UpdateResult.TYPE);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        UpdateResult.parse(r.getBytes(1)).ifPresent(out::add);
                    }
                }
            }
            return out;
        });
    }

    /** The last sequence given to each stream. */
    public Map<String, Long> streams() throws SQLException {
        return db.read(c -> {
            Map<String, Long> out = new java.util.TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT stream, max(seq) FROM centre_update GROUP BY stream")) {
                while (r.next()) out.put(r.getString(1), r.getLong(2));
            }
            return out;
        });
    }

    private static long lastSeq(Connection c, String stream) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM centre_update WHERE stream = ?")) {
            select.setString(1, stream);
            try (ResultSet r = select.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (column.equals(r.getString("name"))) return true;
            }
            return false;
        }
    }

    private static boolean claimTableExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'centre_claim'")) {
            return r.next();
        }
    }
}
