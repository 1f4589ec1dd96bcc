package org.yibao.terminal.receipt;

/**
 * The settlement's money in fen, as setlinfo carries it: medfee_sumamt (总费用), hifp_pay
 * (统筹支付), fund_pay_sumamt (all funds; other funds print when it differs from hifp_pay),
 * acct_pay (个人账户支付), psn_cash_pay (现金支付) and balc (account balance after).
 */
public record ReceiptTotals(long medfeeSumamt, long hifpPay, long fundPaySumamt, long acctPay,
                            long psnCashPay, long balance) {

    /** Fund payments other than the pooled fund (医疗救助 and the like). */
    public long otherFundPay() {
        return fundPaySumamt - hifpPay;
    }
}
