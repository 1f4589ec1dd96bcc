package org.yibao.terminal.receipt;

import org.yibao.terminal.domain.catalog.ChargeLevel;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A test receipt for installing and checking a printer: made-up data, clearly marked as a
 * test, exercising Chinese text, a wrapped name, all three levels and every total.
 */
public final class SampleReceipt {
    private SampleReceipt() {
    }

    /** The test receipt, stamped {@code at}, for device {@code deviceId}. */
    public static Receipt create(LocalDateTime at, String deviceId) {
        return new Receipt(Receipt.Kind.SETTLEMENT, false, false,
                "打印测试（非结算凭证）", "TEST00000000", deviceId, "0000", at, "TEST-PRINT-0001", "",
                "测试员", "000000000000000000", "", "310", "41",
                List.of(new ReceiptLine("测试药品甲类（阿莫西林胶囊0.25g*24粒）", ChargeLevel.A, new BigDecimal("2"), 2_500),
                        new ReceiptLine("测试药品乙类", ChargeLevel.B, BigDecimal.ONE, 850),
                        new ReceiptLine("测试药品丙类", ChargeLevel.C, new BigDecimal("0.5"), 1_650)),
                new ReceiptTotals(5_000, 2_000, 2_000, 1_000, 2_000, 10_000));
    }
}
