package org.yibao.terminal.domain.settlement;

import org.yibao.terminal.domain.policy.AccountRule;
import org.yibao.terminal.domain.policy.PayablePart;

/**
 * acct_pay: the personal account covers the parts of the person's share the rule's
 * {@code may_pay} names, up to the balance. The priority order in may_pay only decides which
 * part is covered first; the total is min(balance, Σ named parts).
 */
public final class AccountCalculator {
    private AccountCalculator() {
    }

    /** The parts of the person's share the account may cover, summed (fen). */
    public static long eligible(AccountRule account, long fulamt, long overlmt, long preselfpay,
                                PoolShare pool) {
        long sum = 0;
        for (PayablePart part : account.mayPay()) {
            sum += switch (part) {
                case FULAMT_OWNPAY -> fulamt;
                case OVERLMT_SELFPAY -> overlmt;
                case PRESELFPAY -> preselfpay;
                case POOL_SELFPAY -> pool.poolSelfpay();
                case DEDUCTIBLE -> pool.actPayDedc();
            };
        }
        return sum;
    }

    public static long acctPay(long balance, long eligible) {
        return Math.max(0, Math.min(balance, eligible));
    }
}
