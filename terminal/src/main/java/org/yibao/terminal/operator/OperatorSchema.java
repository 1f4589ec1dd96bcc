package org.yibao.terminal.operator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The operator and sign-in tables in the terminal database. Instants are epoch milliseconds.
 * A session is stored under the SHA-256 of its sign_no, so a copy of the database does not
 * hand out live sign_nos.
 */
final class OperatorSchema {
    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS operator (
          opter_no TEXT PRIMARY KEY, name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('admin', 'cashier', 'technician')),
          password_hash TEXT NOT NULL, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER,
          disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
          must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
          created_at INTEGER NOT NULL, password_changed_at INTEGER NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS operator_session (
          sign_no_sha256 TEXT PRIMARY KEY, opter_no TEXT NOT NULL REFERENCES operator(opter_no),
          mac TEXT NOT NULL, ip TEXT NOT NULL, signed_in_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
          signed_out_at INTEGER)""",
        "CREATE INDEX IF NOT EXISTS operator_session_by_operator ON operator_session(opter_no, signed_out_at)",
        // the sign-in's deletion of long-expired rows reads only what it deletes
        "CREATE INDEX IF NOT EXISTS operator_session_by_expiry ON operator_session(expires_at)",
        // one row written by a wrong password under a number that does not exist, as a known number's count is
        "CREATE TABLE IF NOT EXISTS operator_attempt_decoy (id INTEGER PRIMARY KEY CHECK (id = 1), writes INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO operator_attempt_decoy(id, writes) VALUES (1, 0)",
    };

    private OperatorSchema() {
    }

    /** Creates the missing tables; safe on every start. */
    static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) statement.execute(ddl);
        }
    }
}
