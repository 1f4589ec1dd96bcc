package org.yibao.terminal.store.receipt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.receipt.Receipt;

/**
 * Receipts kept for reprint, one per settlement or reversal (keyed by setl_id and kind), with
 * whether they were printed and when they were made ({@code made_at_ms}, epoch milliseconds).
 * Promises: a receipt is kept in the settlement's own transaction, so a printer fault (or a crash
 * before printing) never loses it; only {@link #deletePrintedBefore} deletes one, and never one
 * that has not printed yet (it is owed to the patient, however old). A deleted receipt of a
 * settlement does not stop its reversal, whose receipt is then made from the settlement's record.
 */
public final class ReceiptStore {
    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS receipt_kept(
              setl_id      TEXT NOT NULL,
              kind         TEXT NOT NULL CHECK (kind IN ('SETTLEMENT','REVERSAL')),
              receipt_json TEXT NOT NULL,
              printed      INTEGER NOT NULL DEFAULT 0,
              printed_at   TEXT,
              made_at_ms   INTEGER,
              PRIMARY KEY (setl_id, kind))""";
    /** When the receipt was made, added 2026-12-07 for the receipt retention; older rows get their settled_at. */
    private static final String ADD_MADE_AT = "ALTER TABLE receipt_kept ADD COLUMN made_at_ms INTEGER";
    private static final String INDEX_MADE_AT = "CREATE INDEX IF NOT EXISTS receipt_kept_made ON receipt_kept(made_at_ms)";

    /** The most rows one transaction of {@link #deletePrintedBefore} deletes. */
    static final int DELETE_BATCH = 200;

    private final SqliteDatabase database;
    private final Clock clock;

    private ReceiptStore(SqliteDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * The store in {@code database}, creating its table when missing. A table from before
     * {@code made_at_ms} gets the column, each row keeping everything it had, with the time its
     * receipt shows (settled_at, in {@code clock}'s zone), or now where that cannot be read: an
     * upgraded terminal deletes no receipt sooner than its retention says.
     */
    public static ReceiptStore open(SqliteDatabase database, Clock clock) throws SQLException {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(DDL);
                if (!hasMadeAt(c)) {
                    s.execute(ADD_MADE_AT);
                    fillMadeAt(c, clock);
                }
                s.execute(INDEX_MADE_AT);
            }
            return null;
        });
        return new ReceiptStore(database, clock);
    }

    private static boolean hasMadeAt(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet columns = s.executeQuery("SELECT 1 FROM pragma_table_info('receipt_kept') WHERE name = 'made_at_ms'")) {
            return columns.next();
        }
    }

    /** made_at_ms of the rows kept before the column: the receipt's settled_at (local time in {@code clock}'s zone), else now. */
    private static void fillMadeAt(Connection c, Clock clock) throws SQLException {
        long offsetMs = clock.getZone().getRules().getOffset(clock.instant()).getTotalSeconds() * 1000L;
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE receipt_kept SET made_at_ms = COALESCE(
                  CAST(ROUND((julianday(json_extract(receipt_json, '$.settled_at')) - 2440587.5) * 86400000) AS INTEGER) - ?,
                  ?)
                WHERE made_at_ms IS NULL""")) {
            p.setLong(1, offsetMs);
            p.setLong(2, clock.millis());
            p.executeUpdate();
        }
    }

    /**
     * The store already in {@code database}, creating nothing: for a command on a database opened
     * read-only. Throws {@link org.yibao.outbox.db.MissingTableException} when it holds no receipts table.
     */
    public static ReceiptStore existing(SqliteDatabase database, Clock clock) throws SQLException {
        database.requireTables("receipt_kept");
        return new ReceiptStore(database, clock);
    }

    /** Every kept receipt that never reached the printer, oldest settlement first (then its reversal). */
    public List<KeptReceipt> waiting() throws SQLException {
        return database.read(c -> {
            List<KeptReceipt> waiting = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT setl_id, receipt_json FROM receipt_kept WHERE printed = 0
                    ORDER BY rowid""");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) waiting.add(new KeptReceipt(r.getString(1), ReceiptCodec.read(r.getString(2), false), false));
            }
            return waiting;
        });
    }

    /** Keeps {@code receipt} (not yet printed) on the caller's transaction. */
    public void keep(Connection tx, Receipt receipt) throws SQLException {
        if (!database.inTransactionOnThisThread()) {
            throw new IllegalStateException("keep must run inside the caller's transaction");
        }
        try (PreparedStatement p = tx.prepareStatement(
                "INSERT INTO receipt_kept(setl_id, kind, receipt_json, made_at_ms) VALUES (?,?,?,?)")) {
            p.setString(1, receipt.setlId());
            p.setString(2, receipt.kind().name());
            p.setString(3, ReceiptCodec.write(receipt));
            p.setLong(4, clock.millis());
            p.executeUpdate();
        }
    }

    /**
     * Marks the receipt printed now. The mark is bookkeeping after the settlement was kept and
     * answered, so it does not pay for an fsync of its own: it becomes durable with the next
     * durable commit (see {@link SqliteDatabase#inTransactionSyncedLater}); a power cut just
     * before that only shows a printed receipt as not printed.
     */
    public void markPrinted(String setlId, Receipt.Kind kind) throws SQLException {
        database.inTransactionSyncedLater(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE receipt_kept SET printed = 1, printed_at = ? WHERE setl_id = ? AND kind = ?")) {
                p.setString(1, clock.instant().toString());
                p.setString(2, setlId);
                p.setString(3, kind.name());
                p.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Deletes the printed receipts made before {@code cutoff}; returns how many. A receipt that
     * never printed is kept, however old: it is owed to the patient, and {@code terminal receipt
     * waiting} lists it until it is reprinted (after which a later run deletes it). Deletes
     * {@value #DELETE_BATCH} at a time, each batch its own transaction (as the outbox's purge), so
     * a settlement waiting for the writer gets in between batches, and a nearly full flash needs
     * WAL room for one batch only. The batches are bookkeeping, not fsynced on their own
     * ({@link SqliteDatabase#inTransactionSyncedLater}): a power cut may bring a batch back, and
     * the next run deletes it again. A batch that fails leaves the batches before it done.
     */
    public int deletePrintedBefore(Instant cutoff) throws SQLException {
        int deleted = 0;
        int batch;
        do {
            batch = database.inTransactionSyncedLater(c -> {
                try (PreparedStatement p = c.prepareStatement("""
                        DELETE FROM receipt_kept WHERE rowid IN (
                          SELECT rowid FROM receipt_kept WHERE made_at_ms < ? AND printed = 1
                          ORDER BY made_at_ms LIMIT ?)""")) {
                    p.setLong(1, cutoff.toEpochMilli());
                    p.setInt(2, DELETE_BATCH);
                    return p.executeUpdate();
                }
            });
            deleted += batch;
            Thread.yield();
        } while (batch == DELETE_BATCH && !Thread.currentThread().isInterrupted()); // a stopping service stops between batches
        return deleted;
    }

    /** The kept receipt of {@code setlId}: the reversal's when it was reversed, else the settlement's. */
    public Optional<KeptReceipt> latest(String setlId, boolean asReprint) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT receipt_json, printed FROM receipt_kept WHERE setl_id = ?
                    ORDER BY CASE kind WHEN 'REVERSAL' THEN 0 ELSE 1 END LIMIT 1""")) {
                p.setString(1, setlId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) return Optional.empty();
                    return Optional.of(new KeptReceipt(setlId, ReceiptCodec.read(r.getString(1), asReprint),
                            r.getInt(2) == 1));
                }
            }
        });
    }

    /** The kept receipt of {@code setlId}: of {@code kind} when given, else {@link #latest}. */
    public Optional<KeptReceipt> kept(String setlId, Optional<Receipt.Kind> kind, boolean asReprint) throws SQLException {
        return kind.isPresent() ? find(setlId, kind.get(), asReprint) : latest(setlId, asReprint);
    }

    /** The kept receipt of {@code setlId} of {@code kind}. */
    public Optional<KeptReceipt> find(String setlId, Receipt.Kind kind) throws SQLException {
        return find(setlId, kind, false);
    }

    private Optional<KeptReceipt> find(String setlId, Receipt.Kind kind, boolean asReprint) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT receipt_json, printed FROM receipt_kept WHERE setl_id = ? AND kind = ?")) {
                p.setString(1, setlId);
                p.setString(2, kind.name());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) return Optional.empty();
                    return Optional.of(new KeptReceipt(setlId, ReceiptCodec.read(r.getString(1), asReprint),
                            r.getInt(2) == 1));
                }
            }
        });
    }
}
