package org.yibao.terminal.domain.settlement;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The setlinfo amounts of one settlement, in fen. The constructor enforces the identities the
 * spec requires to the fen: medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt,
 * psn_part_amt = acct_pay + psn_cash_pay, and medfee_sumamt = fulamt + overlmt + preselfpay +
 * inscp; a violation is a bug, so it throws.
 */
public record SettlementTotals(long medfeeSumamt, long fulamtOwnpayAmt, long overlmtSelfpay,
                               long preselfpayAmt, long inscpScpAmt, PoolShare pool,
                               long fundPaySumamt, long hospPartAmt, long psnPartAmt, long acctPay,
                               long psnCashPay, long balanceBefore, long balc) {
    public SettlementTotals {
        Objects.requireNonNull(pool, "pool");
        if (medfeeSumamt != fulamtOwnpayAmt + overlmtSelfpay + preselfpayAmt + inscpScpAmt
                || medfeeSumamt != fundPaySumamt + psnPartAmt + hospPartAmt
                || psnPartAmt != acctPay + psnCashPay
                || psnPartAmt != fulamtOwnpayAmt + overlmtSelfpay + preselfpayAmt + pool.actPayDedc()
                        + pool.poolSelfpay()
                || acctPay < 0 || psnCashPay < 0 || balc != balanceBefore - acctPay || balc < 0) {
            throw new IllegalStateException("settlement identities violated: " + this);
        }
    }

    public long actPayDedc() {
        return pool.actPayDedc();
    }

    public long hifpPay() {
        return pool.hifpPay();
    }

    public long poolSelfpay() {
        return pool.poolSelfpay();
    }

    public BigDecimal poolPropSelfpay() {
        return pool.poolPropSelfpay();
    }
}
