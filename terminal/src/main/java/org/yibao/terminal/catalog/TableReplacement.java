package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.yibao.terminal.domain.RefusedException;

/**
 * Replaces the whole content of one table with a file, inside the caller's transaction: drop
 * the look-up index, empty the table, stream, validate and batch-insert every row, rebuild the
 * index, refuse overlapping date ranges of one key, and append the import's metadata. Readers
 * on other connections keep the old rows until the caller commits; a refusal or I/O error
 * thrown from here makes the caller roll everything back.
 */
final class TableReplacement<T> {
    private static final int BATCH = 512;

    private final TableLoad<T> load;

    TableReplacement(TableLoad<T> load) {
        this.load = load;
    }

    /** Runs the replacement on {@code c}, which must be inside a transaction. */
    ImportRecord run(Connection c, Path file, Instant now) throws SQLException {
        CatalogSchema.ensure(c);
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX IF EXISTS " + load.indexName());
            s.execute("DELETE FROM " + load.table());
        }
        FileSummary summary = insertAll(c, file);
        try (Statement s = c.createStatement()) {
            s.execute(load.createIndex());
        }
        firstOverlap(c).ifPresent(overlap -> {
            throw new RefusedException(load.overlapReason(),
                    DateRangeOverlaps.describe(summary.fileName(), load.fileKeyColumn(), overlap));
        });
        return ImportHistory.append(c, load.kind(), summary, now);
    }

    private FileSummary insertAll(Connection c, Path file) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(load.insertSql())) {
            int[] pending = {0};
            FileSummary summary;
            try {
                summary = load.scan(file, (row, line) -> {
                    try {
                        load.bind(insert, row, line);
                        insert.addBatch();
                        if (++pending[0] == BATCH) {
                            insert.executeBatch();
                            pending[0] = 0;
                        }
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                });
            } catch (SqlFailure e) {
                throw e.getCause();
            }
            if (pending[0] > 0) insert.executeBatch();
            return summary;
        }
    }

    /** Neighbours by key and begin date: a range that begins on or before the previous one ends. */
    private Optional<DateRangeOverlaps.Overlap> firstOverlap(Connection c) throws SQLException {
        String key = load.keyColumn();
        String sql = "SELECT k, begndate, enddate, line, prev_begin, prev_end, prev_line FROM ("
                + " SELECT " + key + " AS k, begndate, enddate, line,"
                + " LAG(begndate) OVER w AS prev_begin, LAG(enddate) OVER w AS prev_end,"
                + " LAG(line) OVER w AS prev_line FROM " + load.table()
                + " WINDOW w AS (PARTITION BY " + key + " ORDER BY begndate))"
                + " WHERE prev_line IS NOT NULL AND (prev_end IS NULL OR begndate <= prev_end) LIMIT 1";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) return Optional.empty();
            String k = rs.getString(1);
            var current = new DateRangeOverlaps.Span(k, date(rs.getString(2)), date(rs.getString(3)), rs.getLong(4));
            var previous = new DateRangeOverlaps.Span(k, date(rs.getString(5)), date(rs.getString(6)), rs.getLong(7));
            return Optional.of(new DateRangeOverlaps.Overlap(previous, current));
        }
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }

    /** Carries a SQLException out of the row callback. */
    private static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
