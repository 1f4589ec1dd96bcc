package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.outbox.db.CorruptDatabaseException;
import org.yibao.outbox.db.DatabaseOpenException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.RefusedException;

/**
 * The catalogue and code map kept in the terminal database. An import replaces the version in
 * use atomically: one transaction streams, validates and inserts the whole file, and records
 * its metadata (file name, SHA-256, rows, max ver, imported_at). Until it commits every reader
 * keeps the previous version; a refused file ({@link RefusedException}, 11xx) or an I/O error
 * rolls it all back, leaving nothing half-imported.
 */
public final class CatalogStore {
    /** Called inside the import transaction, after every check passed and before the commit. */
    @FunctionalInterface
    public interface BeforeCommit {
        BeforeCommit NOTHING = record -> { };

        void beforeCommit(ImportRecord record) throws SQLException;
    }

    private final SqliteDatabase db;
    private final Clock clock;

    /** Uses {@code db} (creating the catalogue tables when missing); {@code clock} stamps imports. */
    public CatalogStore(SqliteDatabase db, Clock clock) throws SQLException {
        this.db = db;
        this.clock = clock;
        db.inTransaction(c -> {
            CatalogSchema.ensure(c);
            return null;
        });
    }

    /** Bytes of the database file a look-up connection maps into memory (pages then cost no read call). */
    public static final long LOOKUP_MMAP_BYTES = 256L << 20;

    /**
     * Opens a connection for look-ups only ({@code query_only}), with the file memory-mapped so
     * an index seek touches pages without a read system call (about a third of a cold look-up).
     * It does not create the database. The caller closes it.
     */
    public static Connection openLookupConnection(Path databaseFile) throws SQLException {
        return lookupConnection(databaseFile, LOOKUP_MMAP_BYTES);
    }

    /** A {@code query_only} connection with {@code mmapBytes} of the file mapped (0: none). */
    private static Connection lookupConnection(Path databaseFile, long mmapBytes) throws SQLException {
        var connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
        try (var statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = 1");
            statement.execute("PRAGMA mmap_size = " + mmapBytes);
            statement.execute("PRAGMA busy_timeout = " + SqliteDatabase.BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * A {@link #openLookupConnection look-up connection} to a database SQLite can read. A file
     * that is not a database or is corrupt is quarantined as every command that writes does
     * ({@link SqliteDatabase#open} moves it aside and throws {@link CorruptDatabaseException});
     * one SQLite cannot read for another reason (a read-only folder, say) is a
     * {@link DatabaseOpenException} naming it. The caller closes the connection.
     */
    public static Connection openReadableLookupConnection(Path databaseFile, Clock clock) throws SQLException {
        // first read it read-only: a read-write connection to a file that is not a database deletes a -wal
        // beside it as it closes, before the quarantine could keep it with the file
        try (var _ = SqliteDatabase.openReadOnly(databaseFile)) {
            // page 1 read: SQLite takes it for a database
        } catch (SQLException e) {
            if (isCorruption(e)) SqliteDatabase.open(databaseFile, clock).close(); // quarantines it, with its -wal, and throws
            throw new DatabaseOpenException(databaseFile.toAbsolutePath(), e);
        }
        Connection connection = openLookupConnection(databaseFile);
        try (Statement statement = connection.createStatement();
             ResultSet header = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            header.next(); // reads page 1: a file that is not a database fails here
            return connection;
        } catch (SQLException e) {
            connection.close();
            if (isCorruption(e)) {
                SqliteDatabase.open(databaseFile, clock).close(); // quarantines it and throws; returns only if it reads after all
            }
            throw new DatabaseOpenException(databaseFile.toAbsolutePath(), e);
        }
    }

    private static boolean isCorruption(SQLException e) {
        int primary = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xff : -1;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }

    /** True when {@code connection}'s database holds the catalogue tables (a reader may then prepare). */
    public static boolean tablesExist(Connection connection) throws SQLException {
        return CatalogSchema.exists(connection);
    }

    /** Replaces the catalogue in use with {@code file}. */
    public ImportRecord importCatalog(Path file) throws SQLException {
        return importCatalog(file, BeforeCommit.NOTHING);
    }

    public ImportRecord importCatalog(Path file, BeforeCommit hook) throws SQLException {
        return replace(new CatalogTableLoad(), file, hook);
    }

    /** Replaces the code map in use with {@code file}. */
    public ImportRecord importCodeMap(Path file) throws SQLException {
        return importCodeMap(file, BeforeCommit.NOTHING);
    }

    public ImportRecord importCodeMap(Path file, BeforeCommit hook) throws SQLException {
        return importCodeMap(file, Optional.empty(), hook);
    }

    /**
     * Replaces the code map in use with {@code file}, a rebuild of the lines of the file whose
     * SHA-256 is {@code namedAs} (when given), and named by that file's version.
     */
    public ImportRecord importCodeMap(Path file, Optional<String> namedAs, BeforeCommit hook) throws SQLException {
        return replace(new CodeMapTableLoad(namedAs), file, hook);
    }

    /** The catalogue import in use, if any. */
    public Optional<ImportRecord> currentCatalog() throws SQLException {
        return db.inTransaction(c -> ImportHistory.current(c, ImportHistory.CATALOG));
    }

    /** The code-map import in use, if any. */
    public Optional<ImportRecord> currentCodeMap() throws SQLException {
        return db.inTransaction(c -> ImportHistory.current(c, ImportHistory.CODEMAP));
    }

    /**
     * The catalogue import in use in {@code db} without creating or writing anything (a database
     * opened with {@link SqliteDatabase#openReadOnly}); empty when none was imported.
     */
    public static Optional<ImportRecord> catalogInUse(SqliteDatabase db) throws SQLException {
        return inUse(db, ImportHistory.CATALOG);
    }

    /** As {@link #catalogInUse(SqliteDatabase)}, for the code map. */
    public static Optional<ImportRecord> codeMapInUse(SqliteDatabase db) throws SQLException {
        return inUse(db, ImportHistory.CODEMAP);
    }

    private static Optional<ImportRecord> inUse(SqliteDatabase db, String kind) throws SQLException {
        return db.read(c -> CatalogSchema.exists(c) ? ImportHistory.current(c, kind) : Optional.empty());
    }

    /**
     * National codes the code map in use points to that the catalogue in use does not hold at
     * all (at most {@code limit}, in code order): mappings a settlement would price as 丙类.
     */
    public List<String> mappedCodesMissingFromCatalog(int limit) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT national_code FROM codemap_item m"
                    + " WHERE NOT EXISTS (SELECT 1 FROM catalog_item c WHERE c.code = m.national_code)"
                    + " ORDER BY national_code LIMIT ?")) {
                select.setInt(1, limit);
                List<String> codes = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) codes.add(rs.getString(1));
                }
                return codes;
            }
        });
    }

    /**
     * A catalogue reader on a query-only connection of its own (closed with it), the one the
     * running terminal's settlements read: it sees the last committed import, whatever thread
     * asks while an import is under way on the writer connection (a fleet update on the fleet
     * agent's thread, a 2101 on the HTTP pool outside any transaction), never the import's
     * half-filled table, and keeps nothing of an import that is then refused.
     */
    public SqlCatalog catalog() throws SQLException {
        return onCommittedReader(SqlCatalog::owning);
    }

    /** A code-map reader on a query-only connection of its own, as {@link #catalog()}. */
    public SqlCodeMap codeMap() throws SQLException {
        return onCommittedReader(SqlCodeMap::owning);
    }

    /**
     * A reader made by {@code owner} on a query-only connection to the database file, which the
     * reader closes (here when making it fails): it sees committed data only and never waits for
     * the writer (WAL). Not memory-mapped: in the long-running service the mapped pages would count
     * in its resident memory.
     */
    private <R> R onCommittedReader(ReaderOwning<R> owner) throws SQLException {
        Connection connection = lookupConnection(db.file(), 0);
        try {
            return owner.owning(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Makes a reader that owns {@code connection} and closes it with itself. */
    @FunctionalInterface
    private interface ReaderOwning<R> {
        R owning(Connection connection) throws SQLException;
    }

    private <T> ImportRecord replace(TableLoad<T> load, Path file, BeforeCommit hook) throws SQLException {
        db.emptyWal(); // a refusal for a full disk can then give back all the room the import took
        return db.inTransaction(c -> {
            ImportRecord record = new TableReplacement<>(load).run(c, file, clock.instant());
            hook.beforeCommit(record);
            return record;
        });
    }
}
