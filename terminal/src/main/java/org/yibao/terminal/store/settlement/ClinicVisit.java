package org.yibao.terminal.store.settlement;

import java.util.Objects;

/**
 * A clinic visit registered by 2201: its mdtrt_id, the person, insutype, the 门诊号, the fee lines
 * uploaded by 2204 (JSON array) and when the visit began (begntime, yyyy-MM-dd HH:mm:ss; "" when unknown).
 */
public record ClinicVisit(String mdtrtId, String psnNo, String insutype, String iptOtpNo, String feesJson, String begntime) {
    public ClinicVisit {
        Objects.requireNonNull(mdtrtId, "mdtrtId");
        Objects.requireNonNull(psnNo, "psnNo");
        Objects.requireNonNull(insutype, "insutype");
        iptOtpNo = Objects.requireNonNullElse(iptOtpNo, "");
        feesJson = Objects.requireNonNullElse(feesJson, "[]");
        begntime = Objects.requireNonNullElse(begntime, "");
    }
}
