package org.yibao.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    private static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
