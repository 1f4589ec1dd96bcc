package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single writer is shared between threads (the service's request threads, the uplink's
 * committer): every kind of call gives the writer back when it returns, or the next settlement on
 * another thread waits for ever. A mutation pass found each unlock removable with every test
 * still passing, since they all ran on one thread (a ReentrantLock lets its owner in again).
 */
class SqliteDatabaseLocksTest {

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Call {
        void run(SqliteDatabase db) throws Exception;
    }

    @Test
    void everyCallGivesTheWriterBackToOtherThreads() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            db.inTransaction(c -> exec(c, "CREATE TABLE t(x)"));
            Call[] calls = {
                    d -> d.inTransaction(c -> exec(c, "INSERT INTO t VALUES (1)")),
                    d -> d.inTransactionSyncedLater(c -> exec(c, "INSERT INTO t VALUES (2)")),
                    d -> d.read(c -> d.hasTable("t")),
                    d -> d.emptyWal(),
                    d -> d.readCommitted(c -> null),
            };
            for (int i = 0; i < calls.length; i++) {
                calls[i].run(db);
                int n = i;
                CompletableFuture<Integer> other = new CompletableFuture<>();
                Thread t = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        other.complete(db.inTransaction(c -> n));
                    } catch (Throwable e) {
                        other.completeExceptionally(e);
                    }
                });
                assertEquals(n, other.get(10, TimeUnit.SECONDS), "call " + i + " kept the writer");
                t.join();
            }
        }
    }

    @Test
    void aNestedTransactionHandsBackWhatItsWorkReturned() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            assertEquals("inner", db.inTransaction(c -> db.inTransaction(c2 -> "inner")));
            assertEquals("inner", db.inTransaction(c -> db.inTransactionSyncedLater(c2 -> "inner")));
        }
    }

    @Test
    void emptyWalMovesTheWalIntoTheDatabaseButNotInsideATransaction() throws Exception {
        Path file = dir.resolve("t.db");
        Path wal = dir.resolve("t.db-wal");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> exec(c, "CREATE TABLE t(x)"));
            db.inTransaction(c -> exec(c, "INSERT INTO t VALUES (randomblob(10000))"));
            assertTrue(Files.size(wal) > 0);
            db.inTransaction(c -> {
                db.emptyWal(); // inside a transaction: nothing happens (it would fail, or checkpoint half a transaction)
                return null;
            });
            assertTrue(Files.size(wal) > 0, "nothing happened inside the transaction");
            db.emptyWal();
            assertEquals(0, Files.size(wal), "the -wal is emptied");
        }
    }

    @Test
    void aFailedOpenThatIsNoCorruptionLeavesNoGuardBehind() throws Exception {
        Path file = Files.createDirectories(dir.resolve("terminal.db")); // a folder where the file should be
        Files.writeString(dir.resolve("terminal.db-wal"), "a -wal of someone's");
        try {
            SqliteDatabase.open(file).close();
        } catch (DatabaseOpenException expected) {
            // reported; see SqliteDatabaseTest
        }
        assertEquals("a -wal of someone's", Files.readString(dir.resolve("terminal.db-wal")));
        assertFalse(Files.exists(dir.resolve("terminal.db-wal.open-guard")), "the guard is dropped again");
    }

    private static Void exec(java.sql.Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}
