package org.yibao.terminal.domain.settlement;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A purchase to settle (druginfo + drugdetail): who, under which insutype, psn_type and
 * med_type, the disease for 门慢门特, whether the personal account may be used, the declared
 * total (when the request gave one) and the lines.
 */
public record Purchase(String psnNo, String insutype, String psnType, String medType,
                       String diseCodg, boolean useAccount, OptionalLong declaredTotal,
                       List<PurchaseLine> lines) {
    public Purchase {
        psnNo = Objects.requireNonNullElse(psnNo, "");
        insutype = Objects.requireNonNullElse(insutype, "");
        psnType = Objects.requireNonNullElse(psnType, "");
        medType = Objects.requireNonNullElse(medType, "");
        diseCodg = Objects.requireNonNullElse(diseCodg, "");
        Objects.requireNonNull(declaredTotal, "declaredTotal");
        lines = List.copyOf(lines);
    }
}
