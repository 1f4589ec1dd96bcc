package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.settlement.StoredLine;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * The receipt a reversal prints once the settlement's kept receipt was deleted
 * ({@code retention.receipt_days}), made from the settlement's record: every line named by the
 * catalogue row of its national code on the settlement's own date (a row renamed since does not
 * rename it), else by its code (the national one, else the institution's), the amounts and parts
 * the record keeps, the name the settlement answered, no ID, card, operator or balance. And the
 * reversal receipt made from it: quantities, amounts and totals negated, the balance after the
 * reversal, the from-record mark carried over. Found by mutation testing: only the receipt-retention
 * flow test (too slow for the mutation run) reached {@link ReceiptMaker#fromRecord}, and its
 * catalogue names every row by its code, so a line named by its code instead of its name passed.
 */
class ReceiptMakerTest {
    private static final LocalDateTime SETTLED = LocalDateTime.of(2027, 5, 20, 10, 15, 30);
    private static final FlowSettings SETTINGS = FlowSettings.of("H37150200001", "测试大药房", "371500", "3", "T-0001",
            new FlowSettings.KioskLimits(20_000, false), FlowSettings.Mode.COUNTER, Clock.systemUTC());

    /** 阿莫西林胶囊 until 2027-05-31, then renamed; 板蓝根颗粒 from 2027-06-01 only. */
    private static final Catalog CATALOGUE = new Catalog() {
        private final List<CatalogEntry> rows = List.of(
                entry("XA01", "阿莫西林胶囊", ChargeLevel.A, LocalDate.of(2024, 1, 1), LocalDate.of(2027, 5, 31)),
                entry("XA01", "阿莫西林胶囊（新名）", ChargeLevel.A, LocalDate.of(2027, 6, 1), null),
                entry("XB02", "板蓝根颗粒", ChargeLevel.B, LocalDate.of(2027, 6, 1), null));

        @Override
        public Optional<CatalogEntry> find(String code, LocalDate date) {
            return rows.stream().filter(e -> e.code().equals(code) && e.validOn(date)).findFirst();
        }

        @Override
        public String version() {
            return "cat-test";
        }
    };

    private static CatalogEntry entry(String code, String name, ChargeLevel level, LocalDate begin, LocalDate end) {
        return new CatalogEntry(code, name, "101", level, "09", BigDecimal.ZERO, BigDecimal.ZERO, null, false, begin, end,
                "cat-test");
    }

    private static StoredSettlement stored(boolean offline, String outputJson) {
        return new StoredSettlement("T-0001-S00000007", "T-0001-M00000007", "msg-7", "2102", "P1", "310", "41", "41",
                SETTLED, 12_345, 6_000, 5_500, 4_000, 2_345,
                new AccumulatorDelta("outpatient", 2027, "310", 0, 5_500, 6_000, 4_000), offline,
                StoredSettlement.State.SETTLED, "claim-7", Optional.empty(), outputJson);
    }

    private static final List<StoredLine> LINES = List.of(
            new StoredLine("XA01", "L-01", new BigDecimal("2"), 6_000, ChargeLevel.A),
            new StoredLine("XB02", "L-02", new BigDecimal("1.5"), 3_000, ChargeLevel.B),
            new StoredLine("", "L-OWN", new BigDecimal("3"), 3_345, ChargeLevel.C));

    @Test void aReceiptFromTheRecordNamesLinesByTheCatalogueOnTheSettlementsDateElseByTheirCode() {
        Receipt r = ReceiptMaker.fromRecord(SETTINGS, stored(true, "{\"setlinfo\":{\"psn_name\":\"张三\"}}"), LINES, CATALOGUE);

        assertEquals(List.of(
                new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, new BigDecimal("2"), 6_000),
                new ReceiptLine("XB02", ChargeLevel.B, new BigDecimal("1.5"), 3_000),
                new ReceiptLine("L-OWN", ChargeLevel.C, new BigDecimal("3"), 3_345)), r.lines(),
                "the name on 2027-05-20 (not the later one); a code the catalogue had no row of then by the code; "
                        + "a line with no national code by the institution's code");
        assertEquals(new ReceiptTotals(12_345, 5_500, 6_000, 4_000, 2_345, OptionalLong.empty()), r.totals(),
                "the record's amounts, and no balance (the reversal's receipt has its own)");
        assertEquals(Receipt.Kind.SETTLEMENT, r.kind());
        assertTrue(r.offline(), "settled offline");
        assertTrue(r.fromRecord(), "the receipt says the ID and card numbers were not kept");
        assertFalse(r.reprint());
        assertFalse(r.uploaded());
        assertEquals("张三", r.psnName(), "the name the settlement answered");
        assertEquals("", r.certNo());
        assertEquals("", r.cardNo());
        assertEquals("", r.operatorId());
        assertEquals(SETTLED, r.settledAt());
        assertEquals("T-0001-S00000007", r.setlId());
        assertEquals("310", r.insutype());
        assertEquals("41", r.medType());
        assertEquals("测试大药房", r.institutionName());
        assertEquals("H37150200001", r.institutionCode());
        assertEquals("T-0001", r.deviceId());

        Receipt online = ReceiptMaker.fromRecord(SETTINGS, stored(false, "{\"setlinfo\":{}}"), LINES, CATALOGUE);
        assertFalse(online.offline());
        assertEquals("", online.psnName(), "no psn_name answered: none printed");
    }

    @Test void theReversalOfAReceiptFromTheRecordNegatesEveryAmountAndKeepsTheMark() {
        Receipt original = ReceiptMaker.fromRecord(SETTINGS, stored(false, "{\"setlinfo\":{\"psn_name\":\"张三\"}}"), LINES,
                CATALOGUE);
        LocalDateTime at = SETTLED.plusDays(200);
        Receipt reversal = ReceiptMaker.reversal(original, "cashier-1", at, OptionalLong.of(104_000), true);

        assertEquals(Receipt.Kind.REVERSAL, reversal.kind());
        assertEquals(List.of(
                new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, new BigDecimal("-2"), -6_000),
                new ReceiptLine("XB02", ChargeLevel.B, new BigDecimal("-1.5"), -3_000),
                new ReceiptLine("L-OWN", ChargeLevel.C, new BigDecimal("-3"), -3_345)), reversal.lines());
        assertEquals(new ReceiptTotals(-12_345, -5_500, -6_000, -4_000, -2_345, OptionalLong.of(104_000)), reversal.totals(),
                "every total negated, and the balance after the reversal");
        assertTrue(reversal.offline(), "reversed offline");
        assertTrue(reversal.fromRecord(), "still says the ID and card numbers were not kept");
        assertEquals("cashier-1", reversal.operatorId());
        assertEquals(at, reversal.settledAt());
        assertEquals("张三", reversal.psnName());
        assertEquals("310", reversal.insutype());

        Receipt unknownBalance = ReceiptMaker.reversal(original, "cashier-1", at, OptionalLong.empty(), false);
        assertTrue(unknownBalance.totals().balance().isEmpty(), "the person's data gone: no balance, never 0.00");
        assertFalse(unknownBalance.offline());
    }
}
