package org.yibao.terminal.store.receipt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.receipt.Receipt;

/**
 * Receipts kept for reprint, one per settlement or reversal (keyed by setl_id and kind), with
 * whether they were printed. Promises: a receipt is kept in the settlement's own transaction,
 * so a printer fault (or a crash before printing) never loses it; it is never deleted.
 */
public final class ReceiptStore {
    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS receipt_kept(
              setl_id      TEXT NOT NULL,
              kind         TEXT NOT NULL CHECK (kind IN ('SETTLEMENT','REVERSAL')),
              receipt_json TEXT NOT NULL,
              printed      INTEGER NOT NULL DEFAULT 0,
              printed_at   TEXT,
              PRIMARY KEY (setl_id, kind))""";

    private final SqliteDatabase database;
    private final Clock clock;

    private ReceiptStore(SqliteDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The store in {@code database}, creating its table when missing. */
    public static ReceiptStore open(SqliteDatabase database, Clock clock) throws SQLException {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(DDL);
            }
            return null;
        });
        return new ReceiptStore(database, clock);
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
                "INSERT INTO receipt_kept(setl_id, kind, receipt_json) VALUES (?,?,?)")) {
            p.setString(1, receipt.setlId());
            p.setString(2, receipt.kind().name());
            p.setString(3, ReceiptCodec.write(receipt));
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
