package org.yibao.terminal.store.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;

/**
 * The settlement store's reads on a real SQLite file: a settlement's row and lines read back as
 * written (each line's class, an unknown one as 丙), a person's settlements and a date range's in
 * time order with both ends included, the fund paid offline on a day counting neither online nor
 * reversed settlements, a reversal marking a settlement once, writes refused outside a
 * transaction, and the numbering's start. Found by mutation testing: the flows read these through
 * answers that did not tell a wrong filter or order from a right one.
 */
class SettlementStoreRecordsTest {
    @TempDir Path dir;

    private static Settlement settlement(String... codesAndAmounts) {
        var lines = new java.util.ArrayList<org.yibao.terminal.domain.settlement.PurchaseLine>();
        for (int i = 0; i < codesAndAmounts.length; i += 2) {
            lines.add(Fixtures.line(codesAndAmounts[i], codesAndAmounts[i + 1], "1", codesAndAmounts[i + 1]));
        }
        var outcome = new Settler(Fixtures.examplePolicy(), Fixtures.catalog(), Fixtures.codeMap(), "pharmacy").settle(
                Fixtures.employee(true, lines.toArray(org.yibao.terminal.domain.settlement.PurchaseLine[]::new)),
                Fixtures.person("310", "11", "1000.00", Fixtures.accu("outpatient", "200.00", "0", "0")), Fixtures.DATE);
        return ((Outcome.Ok<Settlement>) outcome).value();
    }

    private static NewSettlement row(String setlId, String psnNo, LocalDateTime at, boolean offline, Settlement s) {
        return new NewSettlement(setlId, "M-" + setlId, "msg-" + setlId, "2102", psnNo, "1", at, offline, "claim-" + setlId,
                "41", s, "{\"setlinfo\":{}}");
    }

    @Test void aSettlementAndItsLinesAreReadBackAsWritten() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            SettlementStore store = SettlementStore.open(db);
            Settlement s = settlement(Fixtures.JIA, "30.00", Fixtures.YI, "20.00", "XZ-NOT-LISTED", "5.00");
            LocalDateTime at = LocalDateTime.of(2026, 3, 15, 9, 30, 5);
            db.inTransaction(tx -> {
                store.insert(tx, row("S1", "P1", at, true, s));
                return null;
            });
            StoredSettlement stored = store.find("S1").orElseThrow();
            assertEquals("M-S1", stored.mdtrtId());
            assertEquals("P1", stored.psnNo());
            assertEquals(at, stored.setlTime());
            assertEquals(LocalDate.of(2026, 3, 15), stored.setlDate());
            assertTrue(stored.offline());
            assertEquals(StoredSettlement.State.SETTLED, stored.state());
            assertEquals(s.totals().medfeeSumamt(), stored.medfeeSumamt());
            assertEquals(s.totals().fundPaySumamt(), stored.fundPaySumamt());
            assertEquals(s.totals().acctPay(), stored.acctPay());
            assertEquals(s.totals().psnCashPay(), stored.psnCashPay());
            assertEquals(s.totals().hifpPay(), stored.hifpPay());
            assertEquals(s.delta(), stored.delta());
            assertEquals("claim-S1", stored.claimId());
            assertTrue(stored.reversalClaimId().isEmpty());
            assertEquals("{\"setlinfo\":{}}", stored.outputJson());
            List<StoredLine> lines = db.inTransaction(tx -> store.lines(tx, "S1"));
            assertEquals(List.of(
                    new StoredLine(Fixtures.JIA, "", new BigDecimal("1"), 3_000, ChargeLevel.A),
                    new StoredLine(Fixtures.YI, "", new BigDecimal("1"), 2_000, ChargeLevel.B),
                    new StoredLine("XZ-NOT-LISTED", "", new BigDecimal("1"), 500, ChargeLevel.C)), lines,
                    "in file order, a national code not in the catalogue priced as 丙");
            assertTrue(store.find("S9").isEmpty());
        }
    }

    @Test void aClassTheTerminalNeverWritesIsReadAsClassC() {
        assertEquals(ChargeLevel.A, StoredLine.level("01"));
        assertEquals(ChargeLevel.B, StoredLine.level("02"));
        assertEquals(ChargeLevel.C, StoredLine.level("03"));
        assertEquals(ChargeLevel.C, StoredLine.level("04"));
        assertEquals(ChargeLevel.C, StoredLine.level(null));
    }

    @Test void aPersonsAndADaysSettlementsInTimeOrderAndTheFundPaidOfflineOnADay() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            SettlementStore store = SettlementStore.open(db);
            Settlement s = settlement(Fixtures.JIA, "100.00");
            long fund = s.totals().fundPaySumamt();
            assertTrue(fund > 0, "the fixture's settlement pays from the fund");
            LocalDateTime day = LocalDateTime.of(2026, 3, 15, 0, 0);
            db.inTransaction(tx -> {
                store.insert(tx, row("S3", "P1", day.plusHours(10), true, s));
                store.insert(tx, row("S1", "P1", day.minusSeconds(1), true, s)); // the day before
                store.insert(tx, row("S2", "P2", day, true, s)); // the day's first second
                store.insert(tx, row("S4", "P1", day.plusHours(23).plusMinutes(59).plusSeconds(59), false, s)); // online
                store.insert(tx, row("S5", "P2", day.plusHours(12), true, s)); // reversed below
                store.insert(tx, row("S6", "P1", day.plusDays(1), true, s)); // the next day
                return null;
            });
            assertTrue(db.<Boolean>inTransaction(tx -> store.markReversed(tx, "S5", "r-S5", day.plusHours(13), "rc-S5")));
            assertFalse(db.<Boolean>inTransaction(tx -> store.markReversed(tx, "S5", "r2-S5", day.plusHours(14), "rc2-S5")),
                    "reversed once");
            assertFalse(db.<Boolean>inTransaction(tx -> store.markReversed(tx, "S9", "r-S9", day.plusHours(14), "rc-S9")), "unknown");
            StoredSettlement reversed = store.find("S5").orElseThrow();
            assertEquals(StoredSettlement.State.REVERSED, reversed.state());
            assertEquals("rc-S5", reversed.reversalClaimId().orElseThrow());

            assertEquals(List.of("S1", "S3", "S4", "S6"), store.ofPerson("P1").stream().map(StoredSettlement::setlId).toList());
            assertEquals(List.of("S2", "S3", "S5", "S4"), store.between(LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 15))
                    .stream().map(StoredSettlement::setlId).toList());
            assertEquals(List.of("S1", "S2", "S3", "S5", "S4", "S6"), store.between(LocalDate.of(2026, 3, 14),
                    LocalDate.of(2026, 3, 16)).stream().map(StoredSettlement::setlId).toList());
            assertEquals(2 * fund, store.offlineFundPaidOn(LocalDate.of(2026, 3, 15)), "S2 and S3: not S4 (online), not S5 (reversed)");
            assertEquals(fund, store.offlineFundPaidOn(LocalDate.of(2026, 3, 14)));
            assertEquals(0, store.offlineFundPaidOn(LocalDate.of(2026, 3, 17)));
        }
    }

    @Test void writesOutsideATransactionAreRefused() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            SettlementStore store = SettlementStore.open(db);
            Settlement s = settlement(Fixtures.JIA, "10.00");
            var c = db.connection();
            assertThrows(IllegalStateException.class, () -> store.insert(c, row("S1", "P1", LocalDateTime.of(2026, 3, 15, 9, 0), true, s)));
            assertThrows(IllegalStateException.class, () -> store.markReversed(c, "S1", "m", LocalDateTime.of(2026, 3, 15, 9, 0), "c"));
            assertThrows(IllegalStateException.class, () -> store.nextSeq(c, "T01"));
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM settlement")) {
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    @Test void numberingStartsWhereItIsToldOnlyWhereNothingWasNumbered() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            SettlementStore store = SettlementStore.open(db);
            assertThrows(IllegalArgumentException.class, () -> store.numberFrom("T01", 0));
            store.numberFrom("T01", 1);
            assertEquals("T01-S00000001", db.inTransaction(tx -> store.nextSetlId(tx, "T01")));
            store.numberFrom("T02", 500);
            assertEquals("T02-S00000500", db.inTransaction(tx -> store.nextSetlId(tx, "T02")));
            assertEquals("T02-M00000500", db.inTransaction(tx -> store.nextMdtrtId(tx, "T02")), "both sequences");
            store.numberFrom("T02", 9000);
            assertEquals("T02-S00000501", db.inTransaction(tx -> store.nextSetlId(tx, "T02")), "already numbering: kept");
        }
    }
}
