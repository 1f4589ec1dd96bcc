package org.yibao.terminal.catalog;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * The imported catalogue read from SQLite through reusable prepared statements and the
 * (code, begndate) index. Each call sees the last committed import, or the caller's open
 * transaction (run a settlement's look-ups and {@link #version()} in one transaction to see one
 * version throughout). The rows of recently used codes are kept in memory for the import they
 * came from ({@link RecentCodes}); every look-up first reads which import is in use (one
 * primary-key read of {@code file_import}), so an import by any connection or process is seen
 * at once. Calls are serialised; the connection stays the caller's to close, unless the reader
 * came from {@link CatalogStore#catalog}, which gives it a connection of its own.
 */
public final class SqlCatalog implements Catalog, AutoCloseable {
    private static final String COLUMNS = "code, begndate, enddate, fields";
    /** Codes kept in memory: more than a pharmacy's whole assortment, about 1-2 MB of rows. */
    static final int RECENT_CODES = 4096;

    private static final RecentCodes.Generation NO_IMPORT = new RecentCodes.Generation(0, "");

    private final Connection connection;
    /** Whether {@link #close} closes the connection too (a reader {@link CatalogStore#catalog} opened). */
    private final boolean owned;
    private final PreparedStatement lastImport;
    private final PreparedStatement allRows;
    private final RecentCodes recent = new RecentCodes(RECENT_CODES);

    /** Prepares the look-ups on {@code connection}; the schema must exist (see {@link CatalogStore}). */
    public SqlCatalog(Connection connection) throws SQLException {
        this(connection, false);
    }

    /** As {@link #SqlCatalog(Connection)}, closing {@code connection} with the reader. */
    static SqlCatalog owning(Connection connection) throws SQLException {
        return new SqlCatalog(connection, true);
    }

    private SqlCatalog(Connection connection, boolean owned) throws SQLException {
        this.connection = connection;
        this.owned = owned;
        this.lastImport = connection.prepareStatement("SELECT id, sha256 FROM file_import ORDER BY id DESC LIMIT 1");
        this.allRows = connection.prepareStatement("SELECT " + COLUMNS + " FROM catalog_item"
                + " WHERE code = ? ORDER BY begndate");
    }

    @Override public synchronized Optional<CatalogEntry> find(String code, LocalDate date) {
        try {
            List<CatalogEntry> codeRows = recent.get(generation(), code);
            if (codeRows == null) {
                codeRows = readRows(code);
                recent.put(code, codeRows);
            }
            for (CatalogEntry entry : codeRows) {
                if (entry.validOn(date)) return Optional.of(entry);
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw failure("catalogue look-up of " + code, e);
        }
    }

    /** Every row of {@code code}, oldest first (for {@code catalog show}). */
    public synchronized List<CatalogEntry> rows(String code) {
        try {
            return readRows(code);
        } catch (SQLException e) {
            throw failure("catalogue rows of " + code, e);
        }
    }

    private List<CatalogEntry> readRows(String code) throws SQLException {
        allRows.setString(1, code);
        List<CatalogEntry> rows = new ArrayList<>();
        try (ResultSet rs = allRows.executeQuery()) {
            while (rs.next()) rows.add(entry(rs));
        }
        return rows;
    }

    private RecentCodes.Generation generation() throws SQLException {
        try (ResultSet rs = lastImport.executeQuery()) {
            return rs.next() ? new RecentCodes.Generation(rs.getLong(1), rs.getString(2)) : NO_IMPORT;
        }
    }

    /** The version of the import in use; empty string when none was imported. */
    @Override public synchronized String version() {
        try {
            return ImportHistory.current(connection, ImportHistory.CATALOG).map(ImportRecord::version).orElse("");
        } catch (SQLException e) {
            throw failure("catalogue version", e);
        }
    }

    @Override public synchronized void close() throws SQLException {
        lastImport.close();
        allRows.close();
        if (owned) connection.close();
    }

    private static CatalogEntry entry(ResultSet rs) throws SQLException {
        int end = rs.getInt(3);
        LocalDate endDate = rs.wasNull() ? null : DateInts.toDate(end);
        return CatalogRecordCodec.unpack(rs.getString(1), DateInts.toDate(rs.getInt(2)), endDate, rs.getString(4));
    }

    static UncheckedIOException failure(String what, SQLException e) {
        return new UncheckedIOException(new IOException(what + " failed: " + e.getMessage(), e));
    }
}
