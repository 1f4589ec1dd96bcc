package org.yibao.terminal.domain.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as a count of fen (分) in a {@code long}. Conversions to and from yuan are exact or
 * round HALF_UP to the fen, as the spec's {@code round(x)}; nothing here ever uses a double.
 */
public final class Fen {
    /** The largest amount accepted anywhere: 99 999 999 999.99 yuan (keeps products in a long). */
    public static final long MAX = 9_999_999_999_999L;

    private Fen() {
    }

    /** Exact yuan to fen; throws {@link ArithmeticException} when more than 2 decimals. */
    public static long ofYuanExact(BigDecimal yuan) {
        return yuan.movePointRight(2).longValueExact();
    }

    /** {@code round(yuan)}: HALF_UP to the fen (the spec's rounding for every component). */
    public static long roundYuan(BigDecimal yuan) {
        return yuan.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    /** Fen to yuan with exactly 2 decimals. */
    public static BigDecimal toYuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    /** "12.30": yuan with 2 decimals, for receipts, logs and details. */
    public static String format(long fen) {
        return toYuan(fen).toPlainString();
    }
}
