package org.yibao.terminal.domain.settlement;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the pooled fund does with the in-scope amount (fen): act_pay_dedc, base = in scope above
 * the deductible, the segment pay before caps, hifp_pay after caps, pool_selfpay = base -
 * hifp_pay, and pool_prop_selfpay = hifp_pay / base (4 decimals, a ratio).
 */
public record PoolShare(long actPayDedc, long base, long segmentPay, long hifpPay, long poolSelfpay,
                        BigDecimal poolPropSelfpay) {
    public PoolShare {
        Objects.requireNonNull(poolPropSelfpay, "poolPropSelfpay");
        if (actPayDedc < 0 || base < 0 || hifpPay < 0 || hifpPay > base || poolSelfpay != base - hifpPay) {
            throw new IllegalStateException("inconsistent pool share");
        }
    }
}
