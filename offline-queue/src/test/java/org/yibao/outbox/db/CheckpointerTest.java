package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed pages reach the database file through the background checkpoint, not the commit. */
class CheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void committedPagesAreCopiedIntoTheDatabaseFileInTheBackground() throws Exception {
        Path file = dir.resolve("c.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertEquals(String.valueOf(Checkpointer.FALLBACK_PAGES), pragma(db.connection(), "wal_autocheckpoint"),
                    "the commit itself checkpoints only as a safety net, far beyond 1,000 pages");
            db.inTransaction(c -> exec(c, "CREATE TABLE t(x INTEGER PRIMARY KEY, payload BLOB)"));
            long before = Files.size(file);
            for (int i = 0; i < 40; i++) {
                db.inTransaction(c -> {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO t(payload) VALUES (?)")) {
                        p.setBytes(1, new byte[8_192]);
                        return p.executeUpdate();
                    }
                });
            }
            // 40 x 8 KB is ~100 pages: far below the fallback, so only the background thread copies them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.size(file) < before + 40 * 8_192 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(Files.size(file) >= before + 40 * 8_192, "database file " + Files.size(file) + " bytes");
        }
    }

    @Test
    void closingStopsTheCheckpointThread() throws Exception {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("s.db"));
        db.inTransaction(c -> exec(c, "CREATE TABLE t(x)"));
        assertTrue(checkpointThreadAlive("s.db"));
        db.close();
        assertFalse(checkpointThreadAlive("s.db"));
        assertFalse(Files.exists(dir.resolve("s.db-wal")), "the last connection closed cleanly and removed the WAL");
    }

    private static boolean checkpointThreadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("sqlite-checkpoint " + name) && t.isAlive());
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
        }
    }

    private static Object exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
        return null;
    }
}
