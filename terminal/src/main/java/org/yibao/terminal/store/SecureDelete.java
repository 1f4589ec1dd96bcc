package org.yibao.terminal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite's {@code secure_delete} on a connection while personal data is deleted: the freed
 * content is overwritten with zeros, so a deleted ID number cannot be read back from the
 * database file's free pages. Only around such deletes (it costs writes), then as it was.
 */
public final class SecureDelete implements AutoCloseable {
    private final Connection connection;
    private final boolean before;

    private SecureDelete(Connection connection, boolean before) {
        this.connection = connection;
        this.before = before;
    }

    /** Turns it on for {@code connection} (inside the caller's transaction) until {@link #close}. */
    public static SecureDelete on(Connection connection) throws SQLException {
        boolean before;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA secure_delete")) {
            before = r.next() && r.getInt(1) != 0;
        }
        set(connection, true);
        return new SecureDelete(connection, before);
    }

    @Override
    public void close() throws SQLException {
        set(connection, before);
    }

    private static void set(Connection connection, boolean on) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA secure_delete = " + (on ? "ON" : "OFF"));
        }
    }
}
