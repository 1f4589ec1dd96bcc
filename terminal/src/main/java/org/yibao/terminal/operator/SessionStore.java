package org.yibao.terminal.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** The {@code operator_session} table, keyed by the SHA-256 of each sign_no. */
final class SessionStore {

    /** A stored session as read back (the sign_no itself is not stored). */
    record StoredSession(String opterNo, Instant signedInAt, Instant expiresAt, Optional<Instant> signedOutAt) {
    }

    private SessionStore() {
    }

    static void insert(Connection connection, String signNo, String opterNo, String mac, String ip, Instant signedInAt,
                       Instant expiresAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO operator_session(sign_no_sha256, opter_no, mac, ip, signed_in_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, sha256(signNo));
            insert.setString(2, opterNo);
            insert.setString(3, mac);
            insert.setString(4, ip);
            insert.setLong(5, signedInAt.toEpochMilli());
            insert.setLong(6, expiresAt.toEpochMilli());
            insert.executeUpdate();
        }
    }

    static Optional<StoredSession> find(Connection connection, String signNo) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT opter_no, signed_in_at, expires_at, signed_out_at FROM operator_session WHERE sign_no_sha256 = ?")) {
            select.setString(1, sha256(signNo));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) return Optional.empty();
                long out = row.getLong(4);
                Optional<Instant> signedOut = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(out));
                return Optional.of(new StoredSession(row.getString(1), Instant.ofEpochMilli(row.getLong(2)),
                        Instant.ofEpochMilli(row.getLong(3)), signedOut));
            }
        }
    }

    /** Ends one session; returns whether it was still open. */
    static boolean end(Connection connection, String signNo, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE operator_session SET signed_out_at = ? WHERE sign_no_sha256 = ? AND signed_out_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, sha256(signNo));
            return update.executeUpdate() == 1;
        }
    }

    /** Ends every open session of {@code opterNo} (password reset, disable). */
    static void endAll(Connection connection, String opterNo, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE operator_session SET signed_out_at = ? WHERE opter_no = ? AND signed_out_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, opterNo);
            update.executeUpdate();
        }
    }

    /**
     * Deletes the rows of at most {@code limit} sessions that expired before {@code cutoff}, the
     * oldest first: a sign-in deletes a few, so the first one after an upgrade (years of rows)
     * does not hold the write lock, and the settlements waiting on it, for seconds.
     */
    static void deleteExpiredBefore(Connection connection, Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM operator_session WHERE rowid IN
                  (SELECT rowid FROM operator_session WHERE expires_at < ? ORDER BY expires_at LIMIT ?)""")) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setInt(2, limit);
            delete.executeUpdate();
        }
    }

    private static String sha256(String signNo) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signNo.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
