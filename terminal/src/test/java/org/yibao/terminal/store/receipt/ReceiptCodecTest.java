package org.yibao.terminal.store.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;

/** A kept receipt reads back as it was kept, a balance the terminal no longer knew included. */
class ReceiptCodecTest {

    @Test
    void aKnownBalanceAndAnUnknownOneReadBackAsKept() {
        for (OptionalLong balance : List.of(OptionalLong.of(0), OptionalLong.of(123_456), OptionalLong.empty())) {
            Receipt kept = reversal(balance);
            Receipt read = ReceiptCodec.read(ReceiptCodec.write(kept), false);
            assertEquals(kept.totals(), read.totals(), "balance " + balance);
            assertEquals(kept, read);
        }
    }

    /** Receipts kept before the balance could be unknown always hold one; and none is written as a 0. */
    @Test
    void anUnknownBalanceIsLeftOutOfTheKeptJsonNotWrittenAsZero() {
        String json = ReceiptCodec.write(reversal(OptionalLong.empty()));
        assertFalse(json.contains("\"balance\""), json);
        assertEquals(OptionalLong.of(0), ReceiptCodec.read(ReceiptCodec.write(reversal(OptionalLong.of(0))), false).totals().balance());
    }

    private static Receipt reversal(OptionalLong balance) {
        return new Receipt(Receipt.Kind.REVERSAL, false, false, "演示药店", "H00000000001", "T01", "0001",
                LocalDateTime.of(2027, 3, 1, 9, 30), "S1", "S1", "张三", "", "", "310", "41",
                List.of(new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, BigDecimal.ONE.negate(), -1000)),
                new ReceiptTotals(-1000, 0, 0, -1000, 0, balance));
    }
}
