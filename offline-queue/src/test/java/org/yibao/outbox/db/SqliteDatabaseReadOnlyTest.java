package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.outbox.db.SqliteDatabaseTest.scalar;
import static org.yibao.outbox.db.SqliteDatabaseTest.update;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** {@link SqliteDatabase#openReadOnly}: whatever the named file holds, it is left byte for byte and alone in its folder. */
class SqliteDatabaseReadOnlyTest {

    @TempDir
    Path dir;

    @Test
    void readsADatabaseAndLeavesItAsItWasWithNoCompanions() throws Exception {
        Path file = dir.resolve("centre.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
            db.inTransaction(c -> update(c, "INSERT INTO t VALUES (1), (2)"));
        }
        byte[] before = Files.readAllBytes(file);

        try (SqliteDatabase db = SqliteDatabase.openReadOnly(file)) {
            assertEquals("1,2", db.read(c -> scalar(c, "SELECT group_concat(x) FROM t")));
            assertEquals("1,2", db.readCommitted(c -> scalar(c, "SELECT group_concat(x) FROM t")));
            assertTrue(db.hasTable("t"));
            MissingTableException missing = assertThrows(MissingTableException.class, () -> db.requireTables("t", "centre_claim"));
            assertEquals(List.of("centre_claim"), missing.tables());
            assertThrows(SQLException.class, () -> db.inTransaction(c -> update(c, "CREATE TABLE u(x)")), "writes are refused");
            assertThrows(SQLException.class, () -> db.read(c -> update(c, "INSERT INTO t VALUES (3)")), "writes are refused");
        }

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("centre.db"), names(), "no -wal / -shm left beside it");
    }

    @Test
    void seesRowsAWriterCommittedToItsWalAndLeavesTheWriterAlone() throws Exception {
        Path file = dir.resolve("live.db");
        try (SqliteDatabase writer = SqliteDatabase.open(file)) {
            writer.inTransaction(c -> update(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
            writer.inTransaction(c -> update(c, "INSERT INTO t VALUES (7)"));
            assertTrue(Files.exists(dir.resolve("live.db-wal")), "the row is in the WAL, not yet in the file");

            try (SqliteDatabase reader = SqliteDatabase.openReadOnly(file)) {
                assertEquals("7", reader.read(c -> scalar(c, "SELECT group_concat(x) FROM t")));
            }
            writer.inTransaction(c -> update(c, "INSERT INTO t VALUES (8)"));
            assertEquals("7,8", writer.read(c -> scalar(c, "SELECT group_concat(x) FROM t")));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedNotMovedOrChanged() throws Exception {
        Path file = dir.resolve("terminal.yaml");
        byte[] yaml = "device_id: T01\ndata_dir: /var/lib/yibao-terminal\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        Files.write(file, yaml);

        SQLiteException e = assertThrows(SQLiteException.class, () -> SqliteDatabase.openReadOnly(file));

        assertEquals(SQLiteErrorCode.SQLITE_NOTADB, e.getResultCode());
        assertArrayEquals(yaml, Files.readAllBytes(file));
        assertEquals(List.of("terminal.yaml"), names(), "not quarantined, nothing beside it");
    }

    @Test
    void anEmptyFileStaysEmpty() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(file)) {
            assertFalse(db.hasTable("centre_claim"));
        }
        assertEquals(0, Files.size(file), "no schema written into it");
        assertEquals(List.of("empty.db"), names());
    }

    @Test
    void aMissingFileIsNotCreatedNorItsFolder() {
        Path file = dir.resolve("nowhere/centre.db");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SqliteDatabase.openReadOnly(file));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
