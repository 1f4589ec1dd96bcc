package org.yibao.terminal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Reads and appends the {@code file_import} metadata of completed imports. */
final class ImportHistory {
    static final String CATALOG = "catalog";
    static final String CODEMAP = "codemap";

    private ImportHistory() {}

    /** Appends one completed import (inside the import's transaction). */
    static ImportRecord append(Connection c, String kind, FileSummary summary, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO file_import"
                + " (kind, file_name, sha256, row_count, max_ver, version, imported_at) VALUES (?,?,?,?,?,?,?)")) {
            insert.setString(1, kind);
            insert.setString(2, summary.fileName());
            insert.setString(3, summary.sha256());
            insert.setLong(4, summary.rows());
            insert.setString(5, summary.maxVer());
            insert.setString(6, summary.version());
            insert.setString(7, at.toString());
            insert.executeUpdate();
        }
        return new ImportRecord(kind, summary.fileName(), summary.sha256(), summary.rows(),
                summary.maxVer(), summary.version(), at);
    }

    /** The import in use for {@code kind}: the newest; empty when none was ever imported. */
    static Optional<ImportRecord> current(Connection c, String kind) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT file_name, sha256, row_count, max_ver,"
                + " version, imported_at FROM file_import WHERE kind = ? ORDER BY id DESC LIMIT 1")) {
            select.setString(1, kind);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new ImportRecord(kind, rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getString(5), Instant.parse(rs.getString(6))));
            }
        }
    }
}
