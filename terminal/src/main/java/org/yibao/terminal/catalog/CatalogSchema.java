package org.yibao.terminal.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The catalogue's tables in the terminal database. Dates are INTEGER yyyyMMdd; an open end is
 * NULL. {@code catalog_row} keeps the key and dates as columns and the other validated fields
 * packed ({@link CatalogRecordCodec}); {@code codemap_row} keeps every field as a column.
 * {@code line} is the file line a row came from, for refusals. {@code file_import} keeps the
 * history of completed imports; the newest row of a kind is the version in use.
 */
final class CatalogSchema {
    static final String CATALOG_INDEX = "CREATE INDEX IF NOT EXISTS catalog_row_lookup ON catalog_row(code, begndate)";
    static final String CODEMAP_INDEX = "CREATE INDEX IF NOT EXISTS codemap_row_lookup ON codemap_row(local_code, begndate)";

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS catalog_row (
          code TEXT NOT NULL, begndate INTEGER NOT NULL, enddate INTEGER, line INTEGER NOT NULL,
          fields TEXT NOT NULL)""",
        CATALOG_INDEX,
        """
        CREATE TABLE IF NOT EXISTS codemap_row (
          local_code TEXT NOT NULL, begndate INTEGER NOT NULL, enddate INTEGER, line INTEGER NOT NULL,
          local_name TEXT, list_type TEXT NOT NULL, national_code TEXT NOT NULL)""",
        CODEMAP_INDEX,
        """
        CREATE TABLE IF NOT EXISTS file_import (
          id INTEGER PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL,
          row_count INTEGER NOT NULL, max_ver TEXT, version TEXT NOT NULL, imported_at TEXT NOT NULL)""",
    };

    private CatalogSchema() {}

    /** True when the catalogue tables exist in the database behind {@code connection}. */
    static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                     + " AND name IN ('catalog_row', 'codemap_row', 'file_import')")) {
            return rs.next() && rs.getInt(1) == 3;
        }
    }

    /** Creates the tables and indexes that are missing; safe to call on every start. */
    static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) statement.execute(ddl);
        }
    }
}
