package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The -wal of a database the service keeps open for months: one large transaction (a catalogue
 * replaced by a fleet update, a purge after a long offline spell) must not leave a WAL of its size
 * on the flash for as long as the service runs. SQLite reuses a WAL from its start after a
 * checkpoint but never shortens the file unless {@code journal_size_limit} says so.
 */
class WalSizeTest {

    @TempDir
    Path dir;

    @Test
    void aLargeTransactionLeavesNoLargeWalOnceTheNextWritesFollow() throws Exception {
        Path file = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
                }
                return null;
            });
            db.inTransaction(c -> { // about 24 MB in one commit: far past the 1,000-page checkpoint
                try (PreparedStatement p = c.prepareStatement("INSERT INTO big(body) VALUES (randomblob(4000))")) {
                    for (int i = 0; i < 6_000; i++) p.executeUpdate();
                }
                return null;
            });
            long afterBig = Files.size(wal(file));
            assertTrue(afterBig > 20_000_000, "the large commit went through the WAL: " + afterBig);
            for (int i = 0; i < 3; i++) { // the checkpoint ran at the large commit; these start the WAL again
                db.inTransaction(c -> {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO big(body) VALUES (randomblob(100))")) {
                        p.executeUpdate();
                    }
                    return null;
                });
            }
            long steady = Files.size(wal(file));
            assertTrue(steady <= SqliteDatabase.JOURNAL_SIZE_LIMIT_BYTES,
                    "the WAL kept the size of one large transaction after it was checkpointed: " + steady + " bytes");
        }
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }
}
