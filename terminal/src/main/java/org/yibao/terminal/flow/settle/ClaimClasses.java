package org.yibao.terminal.flow.settle;

import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;

/**
 * The outbox classes of the terminal's claims, all in the messages lane so that a settlement
 * and its reversal (same order key = setl_id) are delivered in order. FUND claims (fund or
 * account pay &gt; 0) are held by the backlog limits; SELF_PAY and REVERSAL claims are not, so
 * self-pay and reversals keep working while the backlog is full.
 */
public final class ClaimClasses {
    public static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    public static final MessageClass SELF_PAY = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    public static final MessageClass REVERSAL = new MessageClass("REVERSAL", Lane.MESSAGES, false);

    private ClaimClasses() {
    }

    /** FUND when the fund or the personal account pays, else SELF_PAY. */
    public static MessageClass of(long fundPay, long acctPay) {
        return fundPay > 0 || acctPay > 0 ? FUND : SELF_PAY;
    }
}
