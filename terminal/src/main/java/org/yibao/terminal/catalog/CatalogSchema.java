package org.yibao.terminal.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The catalogue's tables in the terminal database. Dates are ISO text (yyyy-MM-dd) so they
 * compare as text; an open end date is NULL; ratios and price caps are exact decimal text.
 * {@code line} is the file line a row came from, for refusals. {@code file_import} keeps the
 * history of completed imports; the newest row of a kind is the version in use.
 */
final class CatalogSchema {
    static final String CATALOG_INDEX = "CREATE INDEX IF NOT EXISTS catalog_entry_lookup ON catalog_entry(code, begndate)";
    static final String CODEMAP_INDEX = "CREATE INDEX IF NOT EXISTS code_map_lookup ON code_map(local_code, begndate)";

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS catalog_entry (
          code TEXT NOT NULL, name TEXT, list_type TEXT NOT NULL, chrgitm_lv TEXT NOT NULL,
          chrgitm_type TEXT, selfpay_prop_310 TEXT NOT NULL, selfpay_prop_390 TEXT NOT NULL,
          pric_uplmt_amt TEXT, lmt_used_flag INTEGER NOT NULL, begndate TEXT NOT NULL,
          enddate TEXT, ver TEXT NOT NULL, line INTEGER NOT NULL)""",
        CATALOG_INDEX,
        """
        CREATE TABLE IF NOT EXISTS code_map (
          local_code TEXT NOT NULL, local_name TEXT, list_type TEXT NOT NULL,
          national_code TEXT NOT NULL, begndate TEXT NOT NULL, enddate TEXT, line INTEGER NOT NULL)""",
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
                     + " AND name IN ('catalog_entry', 'code_map', 'file_import')")) {
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
