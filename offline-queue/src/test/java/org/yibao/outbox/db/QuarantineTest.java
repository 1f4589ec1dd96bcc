package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarantine's file moves on real files (DESIGN: "a corrupt or unreadable database is
 * quarantined and reported, never deleted"): the guarded companion is what is kept, a companion
 * SQLite replaced while failing to open is kept beside it rather than lost, and a successful
 * open leaves no guard behind. A mutation pass found these branches unpinned.
 */
class QuarantineTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-23T06:30:15Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aCompanionReplacedAfterTheGuardIsKeptBesideTheGuardedOne() throws Exception {
        Path file = Files.writeString(dir.resolve("t.db"), "the database");
        Path wal = Files.writeString(dir.resolve("t.db-wal"), "committed claims");
        Quarantine.guard(file);
        Files.delete(wal); // SQLite reset the -wal while it failed to open the file
        Files.writeString(wal, "what SQLite wrote after");

        Path moved = Quarantine.moveAside(file, FIXED);

        assertEquals(dir.resolve("t.db.corrupt-20261123063015"), moved);
        assertEquals("the database", Files.readString(moved));
        assertEquals("committed claims", Files.readString(dir.resolve("t.db.corrupt-20261123063015-wal")), "the guarded bytes");
        assertEquals("what SQLite wrote after", Files.readString(dir.resolve("t.db.corrupt-20261123063015-wal-after-open")));
        assertEquals(List.of("t.db.corrupt-20261123063015", "t.db.corrupt-20261123063015-wal",
                "t.db.corrupt-20261123063015-wal-after-open"), names(), "nothing left under the old name, no guard left");
    }

    @Test
    void aCompanionTheGuardStillNamesIsMovedOnceAndNotKeptTwice() throws Exception {
        Path file = Files.writeString(dir.resolve("t.db"), "the database");
        Files.writeString(dir.resolve("t.db-wal"), "committed claims");
        Quarantine.guard(file);
        Files.writeString(dir.resolve("t.db-shm"), "made after the guard");

        Quarantine.moveAside(file, FIXED);

        assertEquals("committed claims", Files.readString(dir.resolve("t.db.corrupt-20261123063015-wal")));
        assertEquals("made after the guard", Files.readString(dir.resolve("t.db.corrupt-20261123063015-shm")), "an unguarded companion moves too");
        assertEquals(List.of("t.db.corrupt-20261123063015", "t.db.corrupt-20261123063015-shm", "t.db.corrupt-20261123063015-wal"), names());
    }

    @Test
    void aThirdQuarantineInTheSameSecondTakesTheNextFreeName() throws Exception {
        Files.writeString(dir.resolve("t.db.corrupt-20261123063015"), "first");
        Files.writeString(dir.resolve("t.db.corrupt-20261123063015-1"), "second");
        Path file = Files.writeString(dir.resolve("t.db"), "third");
        assertEquals(dir.resolve("t.db.corrupt-20261123063015-2"), Quarantine.moveAside(file, FIXED));
        assertEquals("first", Files.readString(dir.resolve("t.db.corrupt-20261123063015")));
        assertEquals("second", Files.readString(dir.resolve("t.db.corrupt-20261123063015-1")));
    }

    @Test
    void aGoodOpenLeavesNoGuardBehind() throws Exception {
        Path file = dir.resolve("t.db");
        try (SqliteDatabase db = SqliteDatabase.open(file, FIXED)) {
            db.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.execute("CREATE TABLE t(x)");
                }
                return null;
            });
            // a second connection opens the file while its -wal and -shm exist: the guards are made, then dropped
            try (SqliteDatabase again = SqliteDatabase.open(file, FIXED)) {
                assertTrue(again.hasTable("t"));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().endsWith(".open-guard")), names().toString());
        }
    }

    @Test
    void quarantinedCopiesOfAFileInAFolderThatIsNotThereAreNone() {
        assertEquals(List.of(), Quarantine.quarantinedCopies(dir.resolve("missing/t.db")));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
