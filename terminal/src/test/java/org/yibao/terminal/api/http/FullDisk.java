package org.yibao.terminal.api.http;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real {@code SQLITE_FULL} from SQLite without filling the test machine's disk: the
 * connection's {@code max_page_count} is lowered to the pages the file has, and rows are
 * inserted until SQLite refuses one - the error a full disk gives, from the same code path.
 */
public final class FullDisk {
    private static final long SQLITE_MAX_PAGES = 4294967294L;

    private FullDisk() {
    }

    /** Inserts into {@code connection}'s database until SQLite throws SQLITE_FULL; always throws. */
    public static void fillUp(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS full_disk_filler(b BLOB)");
            long pages;
            try (ResultSet count = statement.executeQuery("PRAGMA page_count")) {
                count.next();
                pages = count.getLong(1);
            }
            statement.execute("PRAGMA max_page_count = " + (pages + 1));
            try {
                for (int i = 0; i < 64; i++) statement.executeUpdate("INSERT INTO full_disk_filler VALUES (randomblob(8192))");
            } finally {
                statement.execute("PRAGMA max_page_count = " + SQLITE_MAX_PAGES);
            }
        }
        throw new AssertionError("SQLite never refused a row with max_page_count lowered");
    }
}
