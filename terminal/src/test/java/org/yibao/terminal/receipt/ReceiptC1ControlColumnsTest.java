package org.yibao.terminal.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.TextWidth;
import org.yibao.terminal.domain.catalog.ChargeLevel;

/**
 * A C1 control character in a drug name (U+0085 from a Windows-1252 "…" read as ISO-8859-1) prints
 * as one space, so the layout counts it as one column: the row's 甲/乙/丙, 数量 and 金额 line up with
 * the others on both papers (they sat a column to the left: found by the receipts review of 2026-12-06).
 */
class ReceiptC1ControlColumnsTest {
    @Test
    void aControlCharacterInANameDoesNotShiftTheColumns() {
        for (PaperWidth paper : PaperWidth.values()) {
            List<ReceiptLine> lines = List.of(
                    new ReceiptLine("药品", ChargeLevel.B, BigDecimal.ONE, 100),
                    new ReceiptLine("药\u0085品", ChargeLevel.B, BigDecimal.ONE, 100));
            Receipt r = new Receipt(Receipt.Kind.SETTLEMENT, false, false, "药房", "H1", "T1", "0012",
                    LocalDateTime.of(2026, 1, 2, 3, 4, 5), "S0001", "", "张某三", "371523199001011234", "",
                    "310", "41", lines, new ReceiptTotals(200, 0, 0, 0, 200, 0));
            DecodedReceipt d = EscPosDecoder.decode(ReceiptFormatter.format(r, paper));
            List<String> rows = d.lines().stream().filter(l -> l.contains(" 乙 ")).toList();
            assertEquals(2, rows.size(), d.transcript());
            assertEquals(paper.columns(), TextWidth.of(rows.get(0)), paper + " plain row:\n" + d.transcript());
            assertEquals(TextWidth.of(rows.get(0)), TextWidth.of(rows.get(1)),
                    paper + " the rows' columns line up:\n" + rows.get(0) + "|\n" + rows.get(1) + "|");
        }
    }
}
