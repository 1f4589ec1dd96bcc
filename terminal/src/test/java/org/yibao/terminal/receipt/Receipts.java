package org.yibao.terminal.receipt;

import org.yibao.terminal.domain.catalog.ChargeLevel;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** The receipts of the golden tests. Amounts keep medfee = fund + account + cash to the fen. */
final class Receipts {
    static final String NAME = "张某三";
    static final String CERTNO = "371523199001011234";
    static final String CARDNO = "M12345678X";

    private Receipts() {
    }

    private static final List<ReceiptLine> LINES = List.of(
            new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, new BigDecimal("2"), 2500),
            new ReceiptLine("复方甘草片", ChargeLevel.B, new BigDecimal("1.0"), 850),
            new ReceiptLine("维生素C咀嚼片", ChargeLevel.C, new BigDecimal("3"), 3650));

    private static Receipt of(Receipt.Kind kind, boolean offline, String institution, List<ReceiptLine> lines,
                              ReceiptTotals totals, String original) {
        return new Receipt(kind, offline, false, institution, "H37010200001", "YB-T0001", "0012",
                LocalDateTime.of(2026, 11, 23, 14, 7, 30), "S3701002026112300017", original,
                NAME, CERTNO, CARDNO, "310", "41", lines, totals);
    }

    /** Cash only (acct_used_flag 0). */
    static Receipt normal() {
        return of(Receipt.Kind.SETTLEMENT, false, "济南仁和大药房", LINES,
                new ReceiptTotals(7000, 2000, 2000, 0, 5000, 123456), "");
    }

    /** The same purchase settled while the centre was unreachable. */
    static Receipt offline() {
        return of(Receipt.Kind.SETTLEMENT, true, "济南仁和大药房", LINES,
                new ReceiptTotals(7000, 2000, 2000, 0, 5000, 123456), "");
    }

    /** Pooled fund, medical aid, personal account and cash all pay a part. */
    static Receipt split() {
        return of(Receipt.Kind.SETTLEMENT, false, "济南仁和大药房", LINES,
                new ReceiptTotals(7000, 2000, 2500, 3000, 1500, 120456), "");
    }

    /** 2103 of the settlement {@link #normal()} (its setl_id): every amount negated, the account balance restored. */
    static Receipt reversal() {
        List<ReceiptLine> negated = LINES.stream()
                .map(l -> new ReceiptLine(l.name(), l.level(), l.quantity().negate(), -l.amountFen())).toList();
        Receipt r = of(Receipt.Kind.REVERSAL, false, "济南仁和大药房", negated,
                new ReceiptTotals(-7000, -2000, -2500, -3000, -1500, 123456), "S3701002026112300017");
        return r;
    }

    /** Long names that wrap, a long institution name and a large amount. */
    static Receipt longNames() {
        return of(Receipt.Kind.SETTLEMENT, false, "山东省济南市第一人民医院门诊部自助服务终端大厅",
                List.of(new ReceiptLine("注射用头孢哌酮钠舒巴坦钠（舒普深）1.5g*1瓶", ChargeLevel.B, new BigDecimal("12"), 186_000),
                        new ReceiptLine("复方氨基酸(18AA-II)注射液250ml", ChargeLevel.A, new BigDecimal("0.5"), 2_375),
                        new ReceiptLine("Vitamin B complex tablets 100s", ChargeLevel.C, new BigDecimal("1"), 9_990)),
                new ReceiptTotals(198_365, 120_000, 120_000, 50_000, 28_365, 6_789),
                "");
    }
}
