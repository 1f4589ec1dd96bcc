package org.yibao.terminal.centre;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the reference centre reads from one claim: a settlement or its reversal, with the
 * amounts (fen) that reconciliation adds up. A reversal carries the reversed settlement's
 * setl_id and positive amounts; {@link #signed(long)} gives the sign it has in net totals.
 */
public record CentreClaim(Kind kind, String setlId, String insutype, String clrType, LocalDate setlDate,
                          long medfeeSumamt, long fundPaySumamt, long acctPay, long psnCashPay) {

    /** Settlement or reversal. */
    public enum Kind { SETTLEMENT, REVERSAL }

    public CentreClaim {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(setlId, "setlId");
        insutype = Objects.requireNonNullElse(insutype, "");
        clrType = Objects.requireNonNullElse(clrType, "");
        Objects.requireNonNull(setlDate, "setlDate");
    }

    /** {@code amount} as it counts in net totals: negative for a reversal. */
    public long signed(long amount) {
        return kind == Kind.REVERSAL ? -amount : amount;
    }
}
