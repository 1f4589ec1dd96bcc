package org.yibao.terminal.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.TextWidth;
import org.yibao.terminal.domain.catalog.ChargeLevel;

/** Column edges of the receipt layout: values exactly as wide as their column, and wider than the paper. */
class ReceiptLayoutEdgesTest {
    private static Receipt receipt(boolean offline, boolean fromRecord, List<ReceiptLine> lines) {
        return new Receipt(Receipt.Kind.SETTLEMENT, offline, false, "药房", "H1", "T1", "01",
                LocalDateTime.of(2026, 1, 2, 3, 4, 5), "S1", null, "张某三", fromRecord ? "" : "371523199001011234",
                null, "310", "41", lines, new ReceiptTotals(0, 0, 0, 0, 0, 0), false, fromRecord);
    }

    private static List<String> printed(Receipt r, PaperWidth paper) {
        DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(r, paper));
        return d.lines();
    }

    @Test
    void aQuantityAndAmountExactlyAsWideAsTheirColumnsStayOnTheItemLine() {
        // 58 mm: name 13, " 甲 ", quantity 5, " ", amount 9 = 32 columns.
        List<String> lines = printed(receipt(false, false, List.of(
                new ReceiptLine("药", ChargeLevel.A, new BigDecimal("12345"), 12_345_678))), PaperWidth.MM58);
        assertTrue(lines.contains(Columns.padRight("药", 13) + " 甲 12345 123456.78"), String.join("\n", lines));
    }

    @Test
    void anItemWiderThanThePaperWrapsAndStillPrintsItsQuantityAndAmount() {
        String qty = "1234567890123456789012345";
        List<String> lines = printed(receipt(false, false, List.of(
                new ReceiptLine("药", ChargeLevel.B, new BigDecimal(qty), 9_999_999_999_999L))), PaperWidth.MM58);
        for (String line : lines) {
            assertTrue(TextWidth.of(line) <= 32, line);
        }
        String all = String.join("", lines);
        assertTrue(all.contains(qty) && all.contains("99999999999.99"), String.join("\n", lines));
    }

    @Test
    void aReceiptFromTheRecordSaysTheNumbersWereNotKept() {
        // The line wraps on 58 mm paper: look at the text, not the line breaks.
        assertTrue(String.join("", printed(receipt(false, true, List.of()), PaperWidth.MM58))
                .contains("证件号、卡号：原结算小票已过保存期，未保留"));
        assertFalse(String.join("\n", printed(receipt(false, false, List.of()), PaperWidth.MM58)).contains("未保留"));
    }

    @Test
    void anOfflineReceiptOnceClaimedSaysUploadedAndKeepsTheRest() {
        Receipt waiting = receipt(true, true, List.of());
        Receipt claimed = waiting.claimUploaded();
        assertTrue(claimed.uploaded());
        assertEquals(waiting, new Receipt(claimed.kind(), claimed.offline(), claimed.reprint(), claimed.institutionName(),
                claimed.institutionCode(), claimed.deviceId(), claimed.operatorId(), claimed.settledAt(), claimed.setlId(),
                claimed.originalSetlId(), claimed.psnName(), claimed.certNo(), claimed.cardNo(), claimed.insutype(),
                claimed.medType(), claimed.lines(), claimed.totals(), false, claimed.fromRecord()));
        assertTrue(printed(claimed, PaperWidth.MM58).contains("【脱机结算 已上传】"));
        assertTrue(printed(waiting, PaperWidth.MM58).contains("【脱机结算 待上传】"));
    }

    @Test
    void aLabelAndValueWithOneColumnBetweenThemShareALine() {
        assertEquals("ab cd", Columns.spread("ab", "cd", 5));
    }

    @Test
    void closingPunctuationTakesTheOnlyOtherCharacterAlong() {
        // 避头: "，" cannot start a line; with two characters before it, the second goes with it.
        assertEquals(List.of("药", "品，"), Columns.wrap("药品，", 4));
    }
}
