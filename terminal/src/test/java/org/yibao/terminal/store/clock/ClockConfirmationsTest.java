package org.yibao.terminal.store.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The technician's confirmation in a real {@code terminal.db}: one row, the latest replacing the
 * one before, kept to the millisecond across a reopen, and read (never created) in a database the
 * service never opened.
 */
class ClockConfirmationsTest {
    private static final Instant T = Instant.parse("2026-12-03T02:00:00.123Z");

    @Test
    void theLatestConfirmationReplacesTheOneBeforeAndOutlivesAReopen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            ClockConfirmations confirmations = ClockConfirmations.open(db);
            assertEquals(Optional.empty(), confirmations.latest(), "no technician confirmed anything yet");
            confirmations.record(new ClockConfirmation(T, T.plusSeconds(7_200)));
            assertEquals(Optional.of(new ClockConfirmation(T, T.plusSeconds(7_200))), confirmations.latest());
            ClockConfirmation later = new ClockConfirmation(T.plusSeconds(60), T.plusSeconds(86_400).plusMillis(1));
            confirmations.record(later);
            assertEquals(Optional.of(later), confirmations.latest(), "only the latest counts");
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertEquals(Optional.of(new ClockConfirmation(T.plusSeconds(60), T.plusSeconds(86_400).plusMillis(1))),
                    ClockConfirmations.existing(db).latest());
            assertEquals(1L, (long) db.read(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM clock_confirmation")) {
                    r.next();
                    return r.getLong(1);
                }
            }), "one row");
        }
    }

    @Test
    void aDatabaseOlderThanTheTableHoldsNoConfirmationAndIsNotChangedByReadingIt(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            ClockConfirmations existing = ClockConfirmations.existing(db);
            assertEquals(Optional.empty(), existing.latest());
            assertFalse(db.hasTable("clock_confirmation"), "reading creates nothing");
            ClockConfirmations.open(db);
            assertTrue(db.hasTable("clock_confirmation"));
            assertEquals(Optional.empty(), existing.latest(), "the table is there, empty");
        }
    }

    @Test
    void aConfirmationNamesBothTimes() {
        assertThrows(NullPointerException.class, () -> new ClockConfirmation(null, T));
        assertThrows(NullPointerException.class, () -> new ClockConfirmation(T, null));
        assertThrows(NullPointerException.class, () -> ClockConfirmations.existing(null));
        assertThrows(NullPointerException.class, () -> ClockConfirmations.open(null));
    }
}
