package org.yibao.terminal.store.settlement;

import java.time.LocalDateTime;
import java.util.Objects;
import org.yibao.terminal.domain.settlement.Settlement;

/**
 * What a settle flow writes: the computed {@link Settlement} with the ids and circumstances the
 * flow decided (setl_id, mdtrt_id, msgid, the infno 2102/2207, opter_type, time, offline, the
 * outbox claim id) and the output JSON it answers.
 */
public record NewSettlement(String setlId, String mdtrtId, String msgid, String infno, String psnNo,
                            String opterType, LocalDateTime setlTime, boolean offline, String claimId,
                            String clrType, Settlement settlement, String outputJson) {
    public NewSettlement {
        Objects.requireNonNull(setlId, "setlId");
        Objects.requireNonNull(mdtrtId, "mdtrtId");
        Objects.requireNonNull(msgid, "msgid");
        Objects.requireNonNull(infno, "infno");
        Objects.requireNonNull(psnNo, "psnNo");
        Objects.requireNonNull(opterType, "opterType");
        Objects.requireNonNull(setlTime, "setlTime");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(clrType, "clrType");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(outputJson, "outputJson");
    }
}
