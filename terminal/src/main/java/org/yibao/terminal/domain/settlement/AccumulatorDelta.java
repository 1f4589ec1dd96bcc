package org.yibao.terminal.domain.settlement;

import java.util.Objects;

/**
 * What one settlement adds to the person's accumulators in {@code group} for {@code year}
 * (dedc_used += act_pay_dedc, fund_paid += hifp_pay, inscp_over_dedc += base) and takes from
 * the personal account balance of {@code insutype}; a reversal subtracts exactly the same.
 */
public record AccumulatorDelta(String group, int year, String insutype, long dedcUsed,
                               long fundPaid, long inscpOverDedc, long accountPaid) {
    public AccumulatorDelta {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(insutype, "insutype");
        if (dedcUsed < 0 || fundPaid < 0 || inscpOverDedc < 0 || accountPaid < 0) {
            throw new IllegalArgumentException("negative accumulator delta");
        }
    }

    /** The account balance after the settlement. */
    public long balanceAfter(long balanceBefore) {
        return Math.subtractExact(balanceBefore, accountPaid);
    }

    /** The account balance after reversing the settlement. */
    public long balanceReversed(long balanceAfter) {
        return Math.addExact(balanceAfter, accountPaid);
    }
}
