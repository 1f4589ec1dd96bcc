package org.yibao.terminal.api.json;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The setlinfo fields that come from the request and the flow rather than the arithmetic:
 * setl_id (2102/2207 only), mdtrt_id, the person, the time, the certificate type, the sender's
 * msgid (medins_setl_id) and the clearing institution.
 */
public record SettlementHeader(Optional<String> setlId, String mdtrtId, String psnNo, String psnName,
                               LocalDateTime setlTime, String mdtrtCertType, String medinsSetlId,
                               String clrOptins) {
    public SettlementHeader {
        Objects.requireNonNull(setlId, "setlId");
        mdtrtId = Objects.requireNonNullElse(mdtrtId, "");
        psnNo = Objects.requireNonNullElse(psnNo, "");
        psnName = Objects.requireNonNullElse(psnName, "");
        Objects.requireNonNull(setlTime, "setlTime");
        mdtrtCertType = Objects.requireNonNullElse(mdtrtCertType, "");
        medinsSetlId = Objects.requireNonNullElse(medinsSetlId, "");
        clrOptins = Objects.requireNonNullElse(clrOptins, "");
    }
}
