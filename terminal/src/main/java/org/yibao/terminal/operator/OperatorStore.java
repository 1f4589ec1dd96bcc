package org.yibao.terminal.operator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The {@code operator} table: plain reads and writes, no rules. Writes take the caller's
 * connection so they join the caller's transaction.
 */
final class OperatorStore {
    private static final String COLUMNS =
            "opter_no, name, role, disabled, must_change_password, failed_attempts, locked_until, created_at";

    private final SqliteDatabase database;

    /** Uses {@code database}, creating the tables when missing. */
    OperatorStore(SqliteDatabase database) throws SQLException {
        this(database, true);
    }

    private OperatorStore(SqliteDatabase database, boolean createTables) throws SQLException {
        this.database = database;
        if (createTables) {
            database.inTransaction(connection -> {
                OperatorSchema.ensure(connection);
                return null;
            });
        }
    }

    /** On the tables that exist, creating nothing (for a database opened read-only). */
    static OperatorStore existing(SqliteDatabase database) throws SQLException {
        return new OperatorStore(database, false);
    }

    SqliteDatabase database() {
        return database;
    }

    Optional<Operator> find(String opterNo) throws SQLException {
        return database.read(connection -> find(connection, opterNo));
    }

    Optional<Operator> find(Connection connection, String opterNo) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM operator WHERE opter_no = ?")) {
            select.setString(1, opterNo);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(operator(row)) : Optional.empty();
            }
        }
    }

    Optional<PasswordHash> passwordHash(Connection connection, String opterNo) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT password_hash FROM operator WHERE opter_no = ?")) {
            select.setString(1, opterNo);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(PasswordHash.decode(row.getString(1))) : Optional.empty();
            }
        }
    }

    List<Operator> list() throws SQLException {
        return database.read(connection -> {
            List<Operator> operators = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM operator ORDER BY opter_no");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) operators.add(operator(row));
            }
            return operators;
        });
    }

    long count(Connection connection) throws SQLException {
        return longValue(connection, "SELECT count(*) FROM operator", null);
    }

    long activeAdmins(Connection connection) throws SQLException {
        return longValue(connection, "SELECT count(*) FROM operator WHERE role = 'admin' AND disabled = 0", null);
    }

    void insert(Connection connection, String opterNo, String name, Role role, PasswordHash hash, boolean mustChange,
                Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO operator(opter_no, name, role, password_hash, must_change_password, created_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, opterNo);
            insert.setString(2, name);
            insert.setString(3, role.code());
            insert.setString(4, hash.encode());
            insert.setInt(5, mustChange ? 1 : 0);
            insert.setLong(6, now.toEpochMilli());
            insert.setLong(7, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** Sets a new password, clears the failure count and lock, and sets the must-change flag. */
    void setPassword(Connection connection, String opterNo, PasswordHash hash, boolean mustChange, Instant now)
            throws SQLException {
        update(connection, """
                UPDATE operator SET password_hash = ?, must_change_password = ?, failed_attempts = 0, locked_until = NULL,
                  password_changed_at = ? WHERE opter_no = ?""",
                hash.encode(), mustChange ? 1 : 0, now.toEpochMilli(), opterNo);
    }

    /** Adds one failure; returns the new count. */
    int addFailure(Connection connection, String opterNo) throws SQLException {
        update(connection, "UPDATE operator SET failed_attempts = failed_attempts + 1 WHERE opter_no = ?", opterNo);
        return (int) longValue(connection, "SELECT failed_attempts FROM operator WHERE opter_no = ?", opterNo);
    }

    void lock(Connection connection, String opterNo, Instant until) throws SQLException {
        update(connection, "UPDATE operator SET failed_attempts = 0, locked_until = ? WHERE opter_no = ?",
                until.toEpochMilli(), opterNo);
    }

    /**
     * The disk work of {@link #addFailure} (one page written, and its fsync at commit) for a number
     * that does not exist: a count in a table of its own that means nothing. (A row written back
     * unchanged is no write: SQLite leaves a page whose bytes did not change.)
     */
    void writeDecoyFailure(Connection connection) throws SQLException {
        update(connection, "UPDATE operator_attempt_decoy SET writes = writes + 1");
    }

    void clearFailures(Connection connection, String opterNo) throws SQLException {
        update(connection, "UPDATE operator SET failed_attempts = 0, locked_until = NULL WHERE opter_no = ?", opterNo);
    }

    void disable(Connection connection, String opterNo) throws SQLException {
        update(connection, "UPDATE operator SET disabled = 1 WHERE opter_no = ?", opterNo);
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) statement.setObject(i + 1, values[i]);
            statement.executeUpdate();
        }
    }

    private static long longValue(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) select.setString(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Operator operator(ResultSet row) throws SQLException {
        long lockedUntil = row.getLong(7);
        Optional<Instant> lock = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lockedUntil));
        return new Operator(row.getString(1), row.getString(2), Role.ofCode(row.getString(3)).orElseThrow(),
                row.getInt(4) == 1, row.getInt(5) == 1, row.getInt(6), lock, Instant.ofEpochMilli(row.getLong(8)));
    }
}
