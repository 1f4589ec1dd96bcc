package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-23T06:30:15Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void opensWithDurablePragmasAndCreatesParentFolders() throws Exception {
        Path file = dir.resolve("a/b/terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertTrue(Files.exists(file));
            assertEquals(file.toAbsolutePath(), db.file());
            assertEquals("wal", pragma(db.connection(), "journal_mode"));
            assertEquals("2", pragma(db.connection(), "synchronous"));
            assertEquals("1", pragma(db.connection(), "foreign_keys"));
            assertEquals("2", pragma(db.connection(), "temp_store"), "statement journals in memory, no temp files");
            assertEquals(Integer.toString(SqliteDatabase.BUSY_TIMEOUT_MS), pragma(db.connection(), "busy_timeout"));
            assertEquals(Long.toString(SqliteDatabase.JOURNAL_SIZE_LIMIT_BYTES), pragma(db.connection(), "journal_size_limit"));
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedRowsAndDoesNotWaitForTheWriter() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("r.db"))) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
            db.inTransaction(c -> update(c, "INSERT INTO t VALUES (1)"));
            java.util.concurrent.CompletableFuture<String> seenDuringWrite = new java.util.concurrent.CompletableFuture<>();
            db.inTransaction(c -> {
                update(c, "INSERT INTO t VALUES (2)");
                // another thread reads while this transaction holds the writer lock, uncommitted
                Thread reader = Thread.ofPlatform().start(() -> {
                    try {
                        seenDuringWrite.complete(db.readCommitted(r -> scalar(r, "SELECT group_concat(x) FROM t")));
                    } catch (SQLException e) {
                        seenDuringWrite.completeExceptionally(e);
                    }
                });
                try {
                    reader.join(5_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            assertEquals("1", seenDuringWrite.getNow("the reader waited for the writer"));
            assertEquals("1,2", db.readCommitted(r -> scalar(r, "SELECT group_concat(x) FROM t")));
            assertThrows(SQLException.class, () -> db.readCommitted(r -> update(r, "INSERT INTO t VALUES (3)")),
                    "the reader connection is query-only");
        }
    }

    @Test
    void commitsAllOrNothing() throws Exception {
        Path file = dir.resolve("t.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
            db.inTransaction(c -> update(c, "INSERT INTO t VALUES (1)"));
            assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
                update(c, "INSERT INTO t VALUES (2)");
                throw new IllegalStateException("business failure after the first write");
            }));
            assertThrows(SQLException.class, () -> db.inTransaction(c -> {
                update(c, "INSERT INTO t VALUES (3)");
                return update(c, "INSERT INTO t VALUES (1)");
            }));
            assertEquals("1", scalar(db.connection(), "SELECT group_concat(x) FROM t"));
            assertTrue(db.connection().getAutoCommit(), "connection is back in auto-commit mode");
        }
        try (SqliteDatabase reopened = SqliteDatabase.open(file)) {
            assertEquals("1", scalar(reopened.connection(), "SELECT group_concat(x) FROM t"));
        }
    }

    @Test
    void nestedTransactionJoinsTheOuterOne() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("n.db"))) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER)"));
            assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
                db.inTransaction(inner -> update(inner, "INSERT INTO t VALUES (7)"));
                throw new IllegalStateException("outer fails");
            }));
            assertEquals("0", scalar(db.connection(), "SELECT count(*) FROM t"));
        }
    }

    @Test
    void syncedLaterCommitsWithoutItsOwnFsyncThenRestoresFullSync() throws Exception {
        Path file = dir.resolve("later.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER)"));
            String inside = db.inTransactionSyncedLater(c -> {
                update(c, "INSERT INTO t VALUES (1)");
                return pragma(c, "synchronous");
            });
            assertEquals("1", inside, "NORMAL for this one commit");
            assertEquals("2", pragma(db.connection(), "synchronous"), "FULL again for every later commit");
            assertThrows(SQLException.class, () -> db.inTransactionSyncedLater(c -> {
                update(c, "INSERT INTO t VALUES (2)");
                return update(c, "INSERT INTO no_such_table VALUES (3)");
            }));
            assertEquals("2", pragma(db.connection(), "synchronous"), "FULL again after a rollback");
            String nested = db.inTransaction(c -> db.inTransactionSyncedLater(c2 -> pragma(c2, "synchronous")));
            assertEquals("2", nested, "inside a durable transaction it joins that transaction's fsync");
        }
        try (SqliteDatabase reopened = SqliteDatabase.open(file)) {
            assertEquals("1", reopened.read(c -> scalar(c, "SELECT group_concat(x) FROM t")));
        }
    }

    @Test
    void garbageFileIsQuarantinedNotDeleted() throws Exception {
        Path file = dir.resolve("garbage.db");
        byte[] garbage = "this is not a database, it is a shopping list: 阿莫西林 x2".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);
        Files.writeString(dir.resolve("garbage.db-wal"), "wal bytes");

        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));

        Path expected = dir.resolve("garbage.db.corrupt-20261123063015").toAbsolutePath();
        assertEquals(expected, e.quarantined());
        assertEquals(file.toAbsolutePath(), e.original());
        assertFalse(Files.exists(file), "bad file is moved away, not left in place");
        assertTrue(java.util.Arrays.equals(garbage, Files.readAllBytes(expected)), "content kept byte for byte");
        assertEquals("wal bytes", Files.readString(dir.resolve("garbage.db.corrupt-20261123063015-wal")));
    }

    @Test
    void damagedPagesAreFoundByTheCheckAndQuarantined() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> {
                update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY, payload TEXT)");
                update(c, "CREATE INDEX t_payload ON t(payload)");
                for (int i = 0; i < 2000; i++) {
                    update(c, "INSERT INTO t VALUES (" + i + ", '" + "p".repeat(100) + i + "')");
                }
                return null;
            });
            update(db.connection(), "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (long at = 4096 * 3; at < size - 4096; at += 4096 * 7) {
                raf.seek(at + 11);
                raf.write(new byte[64]);
            }
        }

        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));
        assertTrue(Files.exists(e.quarantined()));
        assertEquals(size, Files.size(e.quarantined()));

        CorruptDatabaseException second = assertThrows(CorruptDatabaseException.class, () -> {
            Files.copy(e.quarantined(), file);
            SqliteDatabase.open(file, FIXED);
        });
        assertEquals(dir.resolve("damaged.db.corrupt-20261123063015-1").toAbsolutePath(), second.quarantined(),
                "a second quarantine in the same second does not overwrite the first");
        assertTrue(Files.exists(e.quarantined()));
    }

    @Test
    void afterAQuarantineANewDatabaseIsNotCreatedInItsPlace() throws Exception {
        Path file = dir.resolve("terminal.db");
        Files.writeString(file, "not a database ".repeat(100));
        CorruptDatabaseException corrupt = assertThrows(CorruptDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));

        // the next command opening the same file: a fresh outbox there would number claims from 1 again
        QuarantinedDatabaseException refused = assertThrows(QuarantinedDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));

        assertEquals(file.toAbsolutePath(), refused.file());
        assertEquals(corrupt.quarantined(), refused.quarantined().getFirst());
        assertTrue(refused.getMessage().contains(corrupt.quarantined().toString()), refused.getMessage());
        assertFalse(Files.exists(file), "no new database file");
        assertFalse(Files.exists(dir.resolve("terminal.db-wal")));
        assertFalse(Files.exists(dir.resolve("terminal.db-shm")));
        assertTrue(Files.exists(corrupt.quarantined()), "the quarantined file stays as it is");
        assertEquals(java.util.List.of(corrupt.quarantined()), SqliteDatabase.quarantinedCopies(file));
        assertEquals(java.util.List.of(), SqliteDatabase.quarantinedCopies(dir.resolve("other.db")));
    }

    @Test
    void anEmptyFileBesideAQuarantinedOneIsNotMadeANewDatabaseEither() throws Exception {
        Path file = dir.resolve("terminal.db");
        Files.writeString(dir.resolve("terminal.db.corrupt-20261123063015"), "claims the centre has not acknowledged");
        Files.createFile(file); // e.g. touched by hand after the quarantine

        assertThrows(QuarantinedDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));
        assertEquals(0, Files.size(file));
        assertFalse(Files.exists(dir.resolve("terminal.db-wal")));
    }

    @Test
    void aRepairedDatabaseOpensBesideItsQuarantinedCopy() throws Exception {
        Path file = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("repaired.db"))) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
            update(db.connection(), "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Files.writeString(dir.resolve("terminal.db.corrupt-20261123063015"), "the broken original");
        Files.copy(dir.resolve("repaired.db"), file);

        try (SqliteDatabase db = SqliteDatabase.open(file, FIXED)) {
            assertTrue(db.hasTable("t"));
        }
    }

    @Test
    void onceTheQuarantinedFileIsMovedAwayANewDatabaseMayStart() throws Exception {
        Path file = dir.resolve("terminal.db");
        Path quarantined = Files.writeString(dir.resolve("terminal.db.corrupt-20261123063015"), "inspected and kept elsewhere");
        Files.writeString(dir.resolve("terminal.db.corrupt-20261123063015-wal"), "wal");
        assertThrows(QuarantinedDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));

        Path kept = Files.createDirectories(dir.resolve("kept"));
        Files.move(quarantined, kept.resolve(quarantined.getFileName()));
        QuarantinedDatabaseException companion = assertThrows(QuarantinedDatabaseException.class, () -> SqliteDatabase.open(file, FIXED));
        assertEquals(dir.resolve("terminal.db.corrupt-20261123063015-wal").toAbsolutePath(), companion.quarantined().getFirst(),
                "a quarantined -wal alone may hold committed claims");
        Files.move(dir.resolve("terminal.db.corrupt-20261123063015-wal"), kept.resolve("terminal.db.corrupt-20261123063015-wal"));

        SqliteDatabase.open(file, FIXED).close();
        assertTrue(Files.exists(file));
    }

    @Test
    void aQuarantinedFileOfAnotherNameDoesNotStopANewDatabase() throws Exception {
        Files.writeString(dir.resolve("centre.db.corrupt-20261123063015"), "another database");
        Files.writeString(dir.resolve("terminal.db.bak"), "not a quarantine");
        SqliteDatabase.open(dir.resolve("terminal.db"), FIXED).close();
        assertTrue(Files.exists(dir.resolve("terminal.db")));
    }

    @Test
    void aFileSQLiteCannotOpenIsReportedWithItsPathAndLeftWhereItIs() throws Exception {
        Path file = Files.createDirectories(dir.resolve("terminal.db")); // a folder where the file should be

        DatabaseOpenException e = assertThrows(DatabaseOpenException.class, () -> SqliteDatabase.open(file, FIXED));

        assertEquals(file.toAbsolutePath(), e.file());
        assertTrue(e.getCause().getCause() instanceof org.sqlite.SQLiteException, e.toString());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(Files.isDirectory(file), "not quarantined: it is not corrupt, it cannot be opened");
        try (var entries = Files.list(dir)) {
            assertEquals(1, entries.count(), "nothing created or moved beside it");
        }
    }

    /**
     * A large transaction refused with SQLITE_FULL (a catalogue import on a full disk) had already
     * spilled its pages into the -wal file. Rolled back, nothing of it is kept, but the -wal kept
     * its size: on a full tmpfs under {@code terminal run} it held all 5.6 MB the import had taken,
     * so the disk stayed full after the refusal ("未写入任何数据") and the voucher nonces, the logs
     * and every other file kept failing. The space a refused transaction took is handed back.
     */
    @Test
    void aTransactionRefusedForAFullDiskGivesItsWalSpaceBack() throws Exception {
        Path file = dir.resolve("full.db");
        Path wal = dir.resolve("full.db-wal");
        try (SqliteDatabase db = SqliteDatabase.open(file, FIXED)) {
            db.inTransaction(c -> update(c, "CREATE TABLE big(b BLOB)"));
            long pages = Long.parseLong(db.inTransaction(c -> pragma(c, "page_count")));
            SQLException full = assertThrows(SQLException.class, () -> db.inTransaction(c -> {
                update(c, "PRAGMA max_page_count = " + (pages + 2_000)); // about 8 MB: the disk's room
                try {
                    for (int i = 0; i < 4_000; i++) {
                        update(c, "INSERT INTO big VALUES (randomblob(4000))");
                    }
                } finally {
                    update(c, "PRAGMA max_page_count = 4294967294");
                }
                return null;
            }));
            assertTrue(full.getMessage().contains("SQLITE_FULL"), full.toString());
            assertEquals("0", db.inTransaction(c -> scalar(c, "SELECT count(*) FROM big")), "nothing kept");
            assertTrue(Files.size(wal) < 1_000_000, "the -wal keeps " + Files.size(wal) + " bytes of a refused transaction");
            db.inTransaction(c -> update(c, "INSERT INTO big VALUES (x'00')"));
        }
    }

    /**
     * Another process holding the file in a write transaction: once the busy timeout passed, the
     * failure names the file (what a command tells the technician, 1966), with SQLite's code; a
     * statement's own failure stays SQLite's exception as it was.
     */
    @Test
    void aFileHeldBusyByAnotherConnectionFailsNamingTheFile() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("busy.db"))) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
            try (Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db.file());
                 Statement hold = other.createStatement()) {
                hold.execute("BEGIN EXCLUSIVE");
                for (DatabaseFileException busy : java.util.List.of(
                        assertThrows(DatabaseFileException.class, () -> db.inTransaction(c -> update(c, "INSERT INTO t VALUES (1)"))),
                        assertThrows(DatabaseFileException.class, () -> db.inSharedCommit(c -> update(c, "INSERT INTO t VALUES (1)"))))) {
                    assertEquals(db.file(), busy.file());
                    assertEquals(org.sqlite.SQLiteErrorCode.SQLITE_BUSY.code, busy.getResultCode().code & 0xff);
                    assertTrue(busy.getMessage().contains(db.file().toString()), busy.getMessage());
                }
                hold.execute("ROLLBACK");
            }
            db.inTransaction(c -> update(c, "INSERT INTO t VALUES (1)"));
            SQLException duplicate = assertThrows(SQLException.class, () -> db.inTransaction(c -> update(c, "INSERT INTO t VALUES (1)")));
            assertFalse(duplicate instanceof DatabaseFileException, duplicate.toString());
        }
    }

    static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        return scalar(c, "PRAGMA " + name);
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
