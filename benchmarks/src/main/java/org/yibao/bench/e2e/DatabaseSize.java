package org.yibao.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/**
 * The bytes a live terminal's database holds, as a reader sees it (WAL frames included, free pages
 * left out): what its settlements cost in storage, which the device keeps for good.
 */
public final class DatabaseSize {
    private DatabaseSize() {
    }

    /** (page_count - freelist_count) x page_size of {@code file}, read on a read-only connection beside the writer. */
    public static long usedBytes(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            return (pragma(s, "page_count") - pragma(s, "freelist_count")) * pragma(s, "page_size");
        }
    }

    /** Bytes of each table of {@code file}, its indexes included (SQLite's dbstat), on a read-only connection. */
    public static Map<String, Long> byTable(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Map<String, Long> tables = new TreeMap<>();
        try (Connection c = config.createConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name
                     GROUP BY m.tbl_name""")) {
            while (r.next()) tables.put(r.getString(1), r.getLong(2));
        }
        return tables;
    }

    /** Bytes of the tables in {@code after} whose name starts with {@code prefix} (or not), less those in {@code before}. */
    public static long grown(Map<String, Long> before, Map<String, Long> after, String prefix, boolean starting) {
        long grown = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().startsWith(prefix) == starting) grown += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return grown;
    }

    private static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
