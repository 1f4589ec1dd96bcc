package org.yibao.terminal.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The catalogue's tables in the terminal database. Dates are INTEGER yyyyMMdd; an open end is
 * NULL. {@code catalog_item} keeps the key and dates as columns and the other validated fields
 * packed ({@link CatalogRecordCodec}); {@code codemap_item} keeps every field as a column.
 * An import empties a table and inserts in file order, so the n-th data row has rowid n
 * (SQLite gives rowid 1 to the first row of an empty table and max+1 after). {@code file_import} keeps the
 * history of completed imports; the newest row of a kind is the version in use.
 */
final class CatalogSchema {
    static final String CATALOG_INDEX = "CREATE INDEX IF NOT EXISTS catalog_item_lookup ON catalog_item(code, begndate)";
    static final String CODEMAP_INDEX = "CREATE INDEX IF NOT EXISTS codemap_item_lookup ON codemap_item(local_code, begndate)";

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS catalog_item (
          code TEXT NOT NULL, begndate INTEGER NOT NULL, enddate INTEGER, fields TEXT NOT NULL)""",
        CATALOG_INDEX,
        """
        CREATE TABLE IF NOT EXISTS codemap_item (
          local_code TEXT NOT NULL, begndate INTEGER NOT NULL, enddate INTEGER,
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
                     + " AND name IN ('catalog_item', 'codemap_item', 'file_import')")) {
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
