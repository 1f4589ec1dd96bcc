package org.yibao.terminal.receipt;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The settlement's money in fen, as setlinfo carries it: medfee_sumamt (总费用), hifp_pay
 * (统筹支付), fund_pay_sumamt (all funds; other funds print when it differs from hifp_pay),
 * acct_pay (个人账户支付), psn_cash_pay (现金支付) and balc (account balance after; empty when
 * the terminal no longer knows it: a reversal after the person's data was deleted by
 * {@code retention.person_days}).
 */
public record ReceiptTotals(long medfeeSumamt, long hifpPay, long fundPaySumamt, long acctPay,
                            long psnCashPay, OptionalLong balance) {

    public ReceiptTotals {
        Objects.requireNonNull(balance, "balance");
    }

    /** As the canonical constructor, with a known balance. */
    public ReceiptTotals(long medfeeSumamt, long hifpPay, long fundPaySumamt, long acctPay, long psnCashPay, long balance) {
        this(medfeeSumamt, hifpPay, fundPaySumamt, acctPay, psnCashPay, OptionalLong.of(balance));
    }

    /** Fund payments other than the pooled fund (医疗救助 and the like). */
    public long otherFundPay() {
        return fundPaySumamt - hifpPay;
    }
}
