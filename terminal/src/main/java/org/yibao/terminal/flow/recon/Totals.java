package org.yibao.terminal.flow.recon;

/** Reconciliation totals in fen and a count; {@link #plus} adds one signed entry. */
record Totals(long medfee, long fund, long acct, long count) {
    static final Totals ZERO = new Totals(0, 0, 0, 0);

    Totals plus(long medfee, long fund, long acct) {
        return new Totals(this.medfee + medfee, this.fund + fund, this.acct + acct, count + 1);
    }
}
