package org.yibao.terminal.store.settlement;

import java.util.Objects;

/** A clinic visit registered by 2201: its mdtrt_id, the person, insutype, the 门诊号 and the fee lines uploaded by 2204 (JSON array). */
public record ClinicVisit(String mdtrtId, String psnNo, String insutype, String iptOtpNo, String feesJson) {
    public ClinicVisit {
        Objects.requireNonNull(mdtrtId, "mdtrtId");
        Objects.requireNonNull(psnNo, "psnNo");
        Objects.requireNonNull(insutype, "insutype");
        iptOtpNo = Objects.requireNonNullElse(iptOtpNo, "");
        feesJson = Objects.requireNonNullElse(feesJson, "[]");
    }
}
