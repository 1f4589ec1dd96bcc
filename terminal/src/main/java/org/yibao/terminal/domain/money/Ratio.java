package org.yibao.terminal.domain.money;

import java.math.BigDecimal;

/**
 * An exact ratio in [0, 1] with at most 4 decimals, held as ten-thousandths (0.7 = 7000), so
 * that {@code fen × ratio} stays an exact integer numerator over 10000.
 */
public record Ratio(int tenThousandths) {
    public static final int SCALE = 10_000;
    public static final Ratio ZERO = new Ratio(0);
    public static final Ratio ONE = new Ratio(SCALE);

    public Ratio {
        if (tenThousandths < 0 || tenThousandths > SCALE) {
            throw new IllegalArgumentException("ratio out of [0,1]: " + tenThousandths + "/10000");
        }
    }

    /** The exact ratio; throws {@link ArithmeticException} when it has more than 4 decimals. */
    public static Ratio of(BigDecimal value) {
        return new Ratio(value.movePointRight(4).intValueExact());
    }

    /** True when {@code value} is in [0, 1] with at most 4 decimals. */
    public static boolean isValid(BigDecimal value) {
        return value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0
                && value.stripTrailingZeros().scale() <= 4;
    }

    /** {@code fen × ratio} as an exact numerator over {@link #SCALE}. */
    public long timesNumerator(long fen) {
        return Math.multiplyExact(fen, (long) tenThousandths);
    }

    /** {@code round(fen × ratio)} HALF_UP to the fen, for a non-negative amount. */
    public long applyRounded(long fen) {
        return roundNumerator(timesNumerator(fen));
    }

    /** HALF_UP of a non-negative numerator over {@link #SCALE}, to a whole fen. */
    public static long roundNumerator(long numerator) {
        if (numerator < 0) throw new IllegalArgumentException("negative numerator " + numerator);
        return (numerator + SCALE / 2) / SCALE;
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(tenThousandths, 4);
    }

    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
