package org.yibao.terminal.store.settlement;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;

/**
 * One settlement as stored: identity, amounts in fen (hifpPay the pooled fund's part of fundPaySumamt), the accumulator delta it applied (which a
 * reversal subtracts), whether it was settled offline, its state and claim ids, and the output
 * JSON answered when it was settled (the source of the 2103 answer).
 */
public record StoredSettlement(String setlId, String mdtrtId, String msgid, String infno, String psnNo,
                               String insutype, String medType, String clrType, LocalDateTime setlTime,
                               long medfeeSumamt, long fundPaySumamt, long hifpPay, long acctPay, long psnCashPay,
                               AccumulatorDelta delta, boolean offline, State state, String claimId,
                               Optional<String> reversalClaimId, String outputJson) {

    /** Settled, or reversed by a 2103/2208. */
    public enum State { SETTLED, REVERSED }

    public StoredSettlement {
        Objects.requireNonNull(setlId, "setlId");
        Objects.requireNonNull(setlTime, "setlTime");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reversalClaimId, "reversalClaimId");
        Objects.requireNonNull(outputJson, "outputJson");
    }

    public LocalDate setlDate() {
        return setlTime.toLocalDate();
    }
}
