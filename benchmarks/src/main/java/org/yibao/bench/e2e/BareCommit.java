package org.yibao.bench.e2e;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The baseline: single-row INSERTs, each in its own committed transaction, on a file opened by
 * the terminal's own {@link SqliteDatabase} (WAL, synchronous=FULL: every commit is fsynced),
 * one after another for a fixed time.
 */
public final class BareCommit {
    private static final byte[] ROW = new byte[256];

    private BareCommit() {
    }

    /** Commits per second on {@code file} over {@code duration}. */
    public static double rate(Path file, Duration duration) throws SQLException {
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS bare(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
                }
                return null;
            });
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long commits = 0;
            long now;
            do {
                db.inTransaction(c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO bare(payload) VALUES (?)")) {
                        insert.setBytes(1, ROW);
                        return insert.executeUpdate();
                    }
                });
                commits++;
                now = System.nanoTime();
            } while (now < end);
            return commits / ((now - start) / 1e9);
        }
    }
}
