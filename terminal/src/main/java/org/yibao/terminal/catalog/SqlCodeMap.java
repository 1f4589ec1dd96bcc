package org.yibao.terminal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.CodeMap;

/**
 * The imported 对照 table read from SQLite through reusable prepared statements and the
 * (local_code, begndate) index; same visibility rules as {@link SqlCatalog}.
 */
public final class SqlCodeMap implements CodeMap, AutoCloseable {
    private static final String COLUMNS = "local_code, local_name, list_type, national_code, begndate, enddate";

    private final Connection connection;
    /** Whether {@link #close} closes the connection too (a reader {@link CatalogStore#codeMap} opened). */
    private final boolean owned;
    private final PreparedStatement findOnDate;
    private final PreparedStatement allRows;

    /** Prepares the look-ups on {@code connection}; the schema must exist (see {@link CatalogStore}). */
    public SqlCodeMap(Connection connection) throws SQLException {
        this(connection, false);
    }

    /** As {@link #SqlCodeMap(Connection)}, closing {@code connection} with the reader. */
    static SqlCodeMap owning(Connection connection) throws SQLException {
        return new SqlCodeMap(connection, true);
    }

    private SqlCodeMap(Connection connection, boolean owned) throws SQLException {
        this.connection = connection;
        this.owned = owned;
        this.findOnDate = connection.prepareStatement("SELECT national_code FROM codemap_item"
                + " WHERE local_code = ? AND begndate <= ? AND (enddate IS NULL OR enddate >= ?)"
                + " ORDER BY begndate DESC LIMIT 1");
        this.allRows = connection.prepareStatement("SELECT " + COLUMNS + " FROM codemap_item"
                + " WHERE local_code = ? ORDER BY begndate");
    }

    @Override public synchronized Optional<String> nationalCode(String localCode, LocalDate date) {
        try {
            int day = DateInts.of(date);
            findOnDate.setString(1, localCode);
            findOnDate.setInt(2, day);
            findOnDate.setInt(3, day);
            try (ResultSet rs = findOnDate.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlCatalog.failure("code-map look-up of " + localCode, e);
        }
    }

    /** Every mapping of {@code localCode}, oldest first (for {@code codemap show}). */
    public synchronized List<CodeMapRow> rows(String localCode) {
        try {
            allRows.setString(1, localCode);
            List<CodeMapRow> rows = new ArrayList<>();
            try (ResultSet rs = allRows.executeQuery()) {
                while (rs.next()) {
                    int end = rs.getInt(6);
                    LocalDate endDate = rs.wasNull() ? null : DateInts.toDate(end);
                    rows.add(new CodeMapRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            DateInts.toDate(rs.getInt(5)), endDate));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw SqlCatalog.failure("code-map rows of " + localCode, e);
        }
    }

    /** The version of the import in use; empty string when none was imported. */
    @Override public synchronized String version() {
        try {
            return ImportHistory.current(connection, ImportHistory.CODEMAP).map(ImportRecord::version).orElse("");
        } catch (SQLException e) {
            throw SqlCatalog.failure("code-map version", e);
        }
    }

    @Override public synchronized void close() throws SQLException {
        findOnDate.close();
        allRows.close();
        if (owned) connection.close();
    }
}
