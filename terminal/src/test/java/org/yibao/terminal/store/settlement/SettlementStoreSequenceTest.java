package org.yibao.terminal.store.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/** setl_id and mdtrt_id numbers: per device, from 1, gap-free, and kept across a restart. */
class SettlementStoreSequenceTest {

    @TempDir
    Path dir;

    @Test
    void numbersStartAtOneAndAdvancePerSequence() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            SettlementStore store = SettlementStore.open(db);
            assertEquals("T01-S00000001", db.inTransaction(tx -> store.nextSetlId(tx, "T01")));
            assertEquals("T01-S00000002", db.inTransaction(tx -> store.nextSetlId(tx, "T01")));
            assertEquals("T01-M00000001", db.inTransaction(tx -> store.nextMdtrtId(tx, "T01")), "its own sequence");
            assertEquals("T02-S00000001", db.inTransaction(tx -> store.nextSetlId(tx, "T02")));
            assertEquals("T01-S00000003", db.inTransaction(tx -> store.nextSetlId(tx, "T01")));
        }
    }

    @Test
    void aRolledBackNumberIsNotUsedUpAndNumbersSurviveAReopen() throws Exception {
        Path file = dir.resolve("r.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            SettlementStore store = SettlementStore.open(db);
            db.inTransaction(tx -> store.nextSetlId(tx, "T01"));
            assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                store.nextSetlId(tx, "T01");
                throw new IllegalStateException("settlement refused after numbering");
            }));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            SettlementStore store = SettlementStore.open(db);
            assertEquals("T01-S00000002", db.inTransaction(tx -> store.nextSetlId(tx, "T01")));
        }
    }
}
