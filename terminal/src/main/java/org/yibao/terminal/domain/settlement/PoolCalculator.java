package org.yibao.terminal.domain.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;
import org.yibao.terminal.domain.money.Ratio;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.Segment;

/**
 * The pooled fund's share of a settlement's in-scope amount (spec "Settlement arithmetic", per
 * settlement): deductible, segments laid on [inscp_over_dedc, inscp_over_dedc + base) with an
 * exact raw sum rounded once HALF_UP, then the annual and visit caps.
 */
public final class PoolCalculator {
    private PoolCalculator() {
    }

    public static PoolShare compute(long inscp, Benefit benefit, Accumulators ytd) {
        long remainingDeductible = Math.max(0, benefit.deductible() - ytd.dedcUsed());
        long actPayDedc = Math.min(inscp, remainingDeductible);
        long base = inscp - actPayDedc;
        long segmentPay = Ratio.roundNumerator(segmentNumerator(benefit, ytd.inscpOverDedc(), base));
        long hifp = segmentPay;
        if (benefit.annualCap().isPresent()) {
            hifp = Math.min(hifp, Math.max(0, benefit.annualCap().getAsLong() - ytd.fundPaid()));
        }
        if (benefit.visitCap().isPresent()) {
            hifp = Math.min(hifp, benefit.visitCap().getAsLong());
        }
        return new PoolShare(actPayDedc, base, segmentPay, hifp, base - hifp, effectiveRatio(hifp, base));
    }

    /**
     * Σ piece × ratio over the segments, exact, as a numerator over {@link Ratio#SCALE}: each
     * piece is the part of [start, start + base) inside [previous upto, upto).
     */
    static long segmentNumerator(Benefit benefit, long start, long base) {
        long end = Math.addExact(start, base);
        long lower = 0;
        long numerator = 0;
        for (Segment s : benefit.segments()) {
            OptionalLong upto = s.upto();
            long upper = upto.isPresent() ? upto.getAsLong() : Long.MAX_VALUE;
            long piece = Math.max(0, Math.min(end, upper) - Math.max(start, lower));
            numerator = Math.addExact(numerator, s.ratio().timesNumerator(piece));
            lower = upper;
        }
        return numerator;
    }

    /** hifp_pay / base HALF_UP to 4 decimals; 0 when base is 0. */
    static BigDecimal effectiveRatio(long hifp, long base) {
        if (base == 0) return BigDecimal.ZERO.setScale(4);
        return BigDecimal.valueOf(hifp).divide(BigDecimal.valueOf(base), 4, RoundingMode.HALF_UP);
    }
}
