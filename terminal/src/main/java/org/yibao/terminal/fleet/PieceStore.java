package org.yibao.terminal.fleet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.update.FilePart;

/**
 * The pieces of a full catalogue received so far ({@code catalog-part} updates), per stream, in
 * {@code terminal.db}: each piece is stored in the transaction that records its update, so a
 * restart between two pieces keeps the ones before, and the last piece reads them back one at a
 * time (a device's heap holds one piece, never the file) into the file it completes.
 */
final class PieceStore {
    private final SqliteDatabase db;

    private PieceStore(SqliteDatabase db) {
        this.db = db;
    }

    /** Opens the store, creating its table when missing. */
    static PieceStore open(SqliteDatabase db) throws SQLException {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                    CREATE TABLE IF NOT EXISTS fleet_piece(
                      stream      TEXT NOT NULL,
                      idx         INTEGER NOT NULL,
                      count       INTEGER NOT NULL,
                      file_bytes  INTEGER NOT NULL,
                      file_sha256 TEXT NOT NULL,
                      update_id   TEXT NOT NULL,
                      body        BLOB NOT NULL,
                      PRIMARY KEY (stream, idx))""");
            }
            return null;
        });
        return new PieceStore(db);
    }

    /** Where each piece held for {@code stream} lies, by index. */
    List<FilePart> held(String stream) throws SQLException {
        return db.read(c -> {
            List<FilePart> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT idx, count, file_bytes, file_sha256 FROM fleet_piece WHERE stream = ? ORDER BY idx")) {
                q.setString(1, stream);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) out.add(new FilePart(r.getInt(1), r.getInt(2), r.getLong(3), r.getString(4)));
                }
            }
            return out;
        });
    }

    /** Stores {@code body} as piece {@code part} of {@code stream} inside the caller's transaction. */
    void put(Connection c, String stream, FilePart part, String updateId, byte[] body) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT OR REPLACE INTO fleet_piece(stream, idx, count, file_bytes, file_sha256, update_id, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, stream);
            insert.setInt(2, part.index());
            insert.setInt(3, part.count());
            insert.setLong(4, part.fileBytes());
            insert.setString(5, part.fileSha256());
            insert.setString(6, updateId);
            insert.setBytes(7, body);
            insert.executeUpdate();
        }
    }

    /** Forgets every piece of {@code stream} inside the caller's transaction. */
    void clear(Connection c, String stream) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM fleet_piece WHERE stream = ?")) {
            delete.setString(1, stream);
            delete.executeUpdate();
        }
    }

    /**
     * Writes {@code stream}'s pieces before {@code last} and then {@code lastContent} into
     * {@code file}; why the result is not the file the pieces name (its size or SHA-256), or empty.
     */
    Optional<String> complete(String stream, FilePart last, InputStream lastContent, Path file) throws IOException, SQLException {
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256)) {
            copy(stream, last.index() - 1, out);
            lastContent.transferTo(out);
        }
        long written = Files.size(file);
        String digest = HexFormat.of().formatHex(sha256.digest());
        if (written == last.fileBytes() && digest.equals(last.fileSha256())) return Optional.empty();
        return Optional.of("合并后 " + written + " 字节、SHA-256 " + digest.substring(0, 12) + "…，分片声明 " + last.fileBytes() + " 字节、"
                + last.fileSha256().substring(0, 12) + "…");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the bodies of {@code stream}'s pieces 1..{@code upTo} to {@code out}, one read (and one piece in memory) at a time. */
    private void copy(String stream, int upTo, OutputStream out) throws SQLException {
        for (int idx = 1; idx <= upTo; idx++) {
            int index = idx;
            byte[] body = db.read(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT body FROM fleet_piece WHERE stream = ? AND idx = ?")) {
                    q.setString(1, stream);
                    q.setInt(2, index);
                    try (ResultSet r = q.executeQuery()) {
                        if (!r.next()) throw new SQLException("fleet: piece " + index + " of " + stream + " is gone");
                        return r.getBytes(1);
                    }
                }
            });
            try {
                out.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
