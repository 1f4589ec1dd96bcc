package org.yibao.terminal.store.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * The clinic visits on a real SQLite file, as the 2207 checks read them: a visit reads back as
 * 2201 registered it, its fee lines as the last 2204 set them; "fees unchanged" holds only for the
 * very lines read (not for other lines, not for a visit never registered); a visit has a live
 * settlement only while one is SETTLED (none before, none once reversed, and another visit's does
 * not count). These two answers are what keep a visit from being settled twice (1368) or for
 * lines it no longer has (1363). Found by mutation testing: the flow tests in the mutation run
 * never settle a visit twice, so "no live settlement" always passed.
 */
class VisitStoreTest {
    @TempDir Path dir;

    @Test void aVisitReadsBackAsRegisteredAndItsFeesAsTheLastUploadSetThem() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            VisitStore visits = VisitStore.open(db);
            db.inTransaction(tx -> {
                visits.insert(tx, new ClinicVisit("M1", "P1", "310", "OTP-7", null, "2027-01-15 09:00:00"), "msg-1");
                visits.insert(tx, new ClinicVisit("M2", "P2", "390", "", null, ""), "msg-2");
                return null;
            });
            assertEquals(new ClinicVisit("M1", "P1", "310", "OTP-7", "[]", "2027-01-15 09:00:00"), visits.find("M1").orElseThrow());
            assertTrue(visits.find("M9").isEmpty());
            assertTrue(visits.feesUnchanged("M1", "[]"), "no 2204 yet: no lines");

            String fees = "[{\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"10.00\"}]";
            db.inTransaction(tx -> {
                visits.setFees(tx, "M1", fees);
                return null;
            });
            assertEquals(fees, visits.find("M1").orElseThrow().feesJson());
            assertEquals("[]", visits.find("M2").orElseThrow().feesJson(), "only the named visit's lines");
            assertTrue(visits.feesUnchanged("M1", fees));
            assertFalse(visits.feesUnchanged("M1", "[]"), "the lines read before the upload are not the visit's any more");
            assertFalse(visits.feesUnchanged("M9", "[]"), "a visit never registered has no lines to settle");
            assertTrue(db.<Boolean>inTransaction(tx -> {
                visits.setFees(tx, "M1", "[]");
                return visits.feesUnchanged("M1", "[]");
            }), "inside the transaction that changed them, its own write is seen");
        }
    }

    @Test void aVisitHasALiveSettlementOnlyWhileOneIsSettled() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            VisitStore visits = VisitStore.open(db);
            SettlementStore settlements = SettlementStore.open(db);
            LocalDateTime at = LocalDateTime.of(2027, 1, 15, 10, 0);
            db.inTransaction(tx -> {
                visits.insert(tx, new ClinicVisit("M1", "P1", "310", "", null, ""), "msg-1");
                visits.insert(tx, new ClinicVisit("M2", "P1", "310", "", null, ""), "msg-2");
                return null;
            });
            assertFalse(visits.hasLiveSettlement("M1"), "not settled yet");

            db.inTransaction(tx -> {
                settlements.insert(tx, new NewSettlement("S1", "M1", "msg-3", "2207", "P1", "1", at, false, "claim-1", "41",
                        Fixtures.tenYuanJia(), "{\"setlinfo\":{}}"));
                return null;
            });
            assertTrue(visits.hasLiveSettlement("M1"));
            assertFalse(visits.hasLiveSettlement("M2"), "another visit's settlement does not count");

            assertTrue(db.<Boolean>inTransaction(tx -> settlements.markReversed(tx, "S1", "msg-4", at.plusMinutes(5), "claim-2")));
            assertFalse(visits.hasLiveSettlement("M1"), "reversed: the visit may be settled again");
        }
    }
}
