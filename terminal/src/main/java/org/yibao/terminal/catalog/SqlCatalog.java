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
 * version throughout). Calls are serialised; the connection stays the caller's to close.
 */
public final class SqlCatalog implements Catalog, AutoCloseable {
    private static final String COLUMNS = "code, begndate, enddate, fields";

    private final Connection connection;
    private final PreparedStatement findOnDate;
    private final PreparedStatement allRows;

    /** Prepares the look-ups on {@code connection}; the schema must exist (see {@link CatalogStore}). */
    public SqlCatalog(Connection connection) throws SQLException {
        this.connection = connection;
        this.findOnDate = connection.prepareStatement("SELECT " + COLUMNS + " FROM catalog_item"
                + " WHERE code = ? AND begndate <= ? AND (enddate IS NULL OR enddate >= ?)"
                + " ORDER BY begndate DESC LIMIT 1");
        this.allRows = connection.prepareStatement("SELECT " + COLUMNS + " FROM catalog_item"
                + " WHERE code = ? ORDER BY begndate");
    }

    @Override public synchronized Optional<CatalogEntry> find(String code, LocalDate date) {
        try {
            int day = DateInts.of(date);
            findOnDate.setString(1, code);
            findOnDate.setInt(2, day);
            findOnDate.setInt(3, day);
            try (ResultSet rs = findOnDate.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("catalogue look-up of " + code, e);
        }
    }

    /** Every row of {@code code}, oldest first (for {@code catalog show}). */
    public synchronized List<CatalogEntry> rows(String code) {
        try {
            allRows.setString(1, code);
            List<CatalogEntry> rows = new ArrayList<>();
            try (ResultSet rs = allRows.executeQuery()) {
                while (rs.next()) rows.add(entry(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw failure("catalogue rows of " + code, e);
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
        findOnDate.close();
        allRows.close();
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
