package org.yibao.terminal.receipt;

import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.TextWidth;
import org.yibao.terminal.domain.catalog.ChargeLevel;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiptFormatterTest {

    private static Receipt with(String setlId, List<ReceiptLine> lines, ReceiptTotals totals) {
        return new Receipt(Receipt.Kind.SETTLEMENT, false, true, null, null, null, null,
                LocalDateTime.of(2026, 1, 2, 3, 4, 5), setlId, null, null, null, null, null, null, lines, totals);
    }

    @Test
    void sameReceiptGivesTheSameBytes() {
        assertArrayEquals(ReceiptFormatter.format(Receipts.split(), PaperWidth.MM58),
                ReceiptFormatter.format(Receipts.split(), PaperWidth.MM58));
    }

    @Test
    void nonAsciiSettlementIdPrintsAsTextWithoutQr() {
        DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(
                with("结算-01", List.of(), new ReceiptTotals(0, 0, 0, 0, 0, 0)), PaperWidth.MM58));
        assertEquals(List.of(), d.qrPayloads());
        assertTrue(d.lines().contains("结算号：结算-01"), d.transcript());
        assertTrue(d.lines().contains("【重打】"), d.transcript());
        assertEquals(List.of(), d.notes());
    }

    /**
     * Not every certno is an 18-digit 居民身份证 number: a 港澳居民来往内地通行证 is 9 characters
     * (H12345678), a passport 9. First 4 and last 4 would print 8 of its 9 characters; the
     * receipt must hide at least half of any number it masks.
     */
    @Test
    void aShortCertificateNumberIsMaskedAtLeastHalf() {
        for (String certNo : List.of("H12345678", "M12345678X", "E123456789012")) {
            Receipt r = new Receipt(Receipt.Kind.SETTLEMENT, false, false, null, null, null, null,
                    LocalDateTime.of(2026, 1, 2, 3, 4, 5), "S1", null, "陈大文", certNo, null, null, null, List.of(),
                    new ReceiptTotals(0, 0, 0, 0, 0, 0));
            DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(r, PaperWidth.MM58));
            String printed = d.lines().stream().filter(l -> l.startsWith("证件号：")).findFirst().orElseThrow()
                    .substring("证件号：".length());
            long shown = printed.chars().filter(c -> c != '*').count();
            assertEquals(certNo.length(), printed.length(), printed);
            assertTrue(shown * 2 <= certNo.length(), "证件号 " + certNo + " printed as " + printed + ": " + shown
                    + " of its " + certNo.length() + " characters readable");
        }
    }

    /** A reversal after the person's data was deleted: the terminal no longer knows the balance, and never prints 0.00 for it. */
    @Test
    void anUnknownBalanceSaysToAskTheCentreOnBothPapers() {
        for (PaperWidth paper : PaperWidth.values()) {
            DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(
                    with("S1", List.of(), new ReceiptTotals(-1000, 0, 0, -1000, 0, java.util.OptionalLong.empty())), paper));
            List<String> balance = d.lines().stream().filter(l -> l.startsWith("个人账户余额")).toList();
            assertEquals(1, balance.size(), d.transcript());
            assertTrue(balance.getFirst().endsWith(ReceiptFormatter.UNKNOWN_BALANCE), d.transcript());
            assertTrue(d.lines().stream().anyMatch(l -> l.startsWith("个人账户支付") && l.endsWith("-10.00元")), d.transcript());
        }
    }

    @Test
    void absentFieldsAreLeftOutNotPrintedEmpty() {
        DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(
                with("S1", List.of(), new ReceiptTotals(0, 0, 0, 0, 0, 0)), PaperWidth.MM80));
        assertTrue(d.lines().stream().noneMatch(l -> l.equals("姓名：") || l.equals("卡号：")), d.transcript());
    }

    @Test
    void hugeAmountsAndQuantitiesStillFitTheColumns() {
        long max = 9_999_999_999_999L;
        ReceiptLine wide = new ReceiptLine("超大金额测试药品", ChargeLevel.A, new BigDecimal("123456.789"), max);
        for (PaperWidth paper : PaperWidth.values()) {
            DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(
                    with("S1", List.of(wide), new ReceiptTotals(max, max, max, max, -max, max)), paper));
            for (String line : d.lines()) {
                assertTrue(TextWidth.of(line) <= paper.columns(), paper + ": " + line);
            }
            String all = String.join("\n", d.lines());
            assertTrue(all.contains("99999999999.99"), all);
            assertTrue(all.contains("123456.789"), all);
            assertTrue(all.contains("-99999999999.99元"), all);
        }
    }

    @Test
    void anAmountTooWideForItsColumnPrintsUnderTheColumnsOnARowOfItsOwn() {
        ReceiptLine l = new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, BigDecimal.ONE, 100_000_000);
        DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(
                with("S1", List.of(l), new ReceiptTotals(100_000_000, 0, 0, 0, 100_000_000, 0)), PaperWidth.MM58));
        int at = d.lines().indexOf("阿莫西林胶囊");
        assertTrue(at > 0, d.transcript());
        assertEquals(" ".repeat(17) + "甲 1 1000000.00", d.lines().get(at + 1), d.transcript());
    }

    @Test
    void yuanHasTwoDecimalsFromFen() {
        ReceiptLine l = new ReceiptLine("药", ChargeLevel.B, BigDecimal.ONE, 5);
        DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(
                with("S1", List.of(l), new ReceiptTotals(5, 0, 0, 0, 5, 0)), PaperWidth.MM58));
        assertTrue(d.lines().stream().anyMatch(s -> s.startsWith("药") && s.endsWith(" 0.05")), d.transcript());
        assertTrue(d.lines().stream().anyMatch(s -> s.startsWith("现金支付") && s.endsWith(" 0.05元")), d.transcript());
        assertTrue(Arrays.stream(d.transcript().split("\n")).noneMatch(s -> s.contains("¥")));
    }
}
