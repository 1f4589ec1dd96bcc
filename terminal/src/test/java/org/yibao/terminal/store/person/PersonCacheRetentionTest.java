package org.yibao.terminal.store.person;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.store.settlement.SettlementStore;

/**
 * A deleted person's ID number cannot be read back from the database file: the purge overwrites
 * the freed content (SQLite's secure_delete), on a real file after a checkpoint.
 */
class PersonCacheRetentionTest {
    private static final String CERTNO = "371502199012317777";
    private static final Instant SYNCED = Instant.parse("2026-01-10T02:00:00Z");

    @TempDir Path dir;

    @Test
    void theDeletedIdNumberIsNotLeftInTheFilesFreePages() throws Exception {
        Path file = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            PersonStore persons = rememberedAt(db, SYNCED);
            checkpoint(db);
            assertTrue(contains(file, CERTNO), "the test's premise: the ID number is in the file");

            int deleted = new PersonCacheRetention(db).deleteUnseenBefore(SYNCED.plusSeconds(1), LocalDate.of(2026, 1, 1), 200);

            assertEquals(1, deleted);
            assertTrue(persons.byCertno(CERTNO).isEmpty());
            checkpoint(db);
        }
        assertFalse(contains(file, CERTNO), "the deleted ID number is still readable in the database file");
    }

    /**
     * {@code synced_at} and {@code seen_at} are {@code Instant.toString()} text, which leaves out a
     * zero fraction: a person answered half a second after a whole-second cutoff ("…00.500Z") sorted
     * below the cutoff's text ("…00Z") and was deleted though answered after it.
     */
    @Test
    void aPersonAnsweredAfterTheCutoffInItsSecondIsKept() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            PersonStore persons = rememberedAt(db, SYNCED.plusMillis(500));
            PersonCacheRetention retention = new PersonCacheRetention(db);

            assertEquals(0, retention.deleteUnseenBefore(SYNCED, LocalDate.of(2026, 1, 1), 200), "answered after the cutoff");
            assertEquals(0, retention.deleteUnseenBefore(SYNCED.plusMillis(700), LocalDate.of(2026, 1, 1), 200),
                    "a cutoff inside the answer's second keeps it");
            assertTrue(persons.byCertno(CERTNO).isPresent());
            assertEquals(1, retention.deleteUnseenBefore(SYNCED.plusSeconds(1), LocalDate.of(2026, 1, 1), 200));
        }
    }

    /** The person stores on {@code db}, with P1 (ID number {@link #CERTNO}) answered by the centre at {@code syncedAt}. */
    private static PersonStore rememberedAt(SqliteDatabase db, Instant syncedAt) throws Exception {
        PersonStore persons = PersonStore.open(db);
        SettlementStore.open(db);
        ObjectNode answer = (ObjectNode) Json.parse("""
                {"baseinfo": {"psn_no": "P1", "psn_cert_type": "01", "certno": "%s", "psn_name": "张三"},
                 "insuinfo": [{"balc": 10.00, "insutype": "310", "psn_type": "11", "insuplc_admdvs": "371502"}],
                 "term_accuinfo": []}
                """.formatted(CERTNO), "person");
        persons.remember(PersonJson.parse(answer), "", Json.write(answer), syncedAt);
        return persons;
    }

    private static void checkpoint(SqliteDatabase db) throws Exception {
        db.inTransaction(c -> null);
        db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    private static boolean contains(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }
}
