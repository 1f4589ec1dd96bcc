package org.yibao.terminal.domain.policy;

import java.util.Objects;

/**
 * What a rule's {@code when} is matched against: the settlement's insutype, psn_type and
 * med_type, and the terminal's own hosp_lv ("1", "2", "3" or "pharmacy").
 */
public record RuleKey(String insutype, String psnType, String medType, String hospLv) {
    public RuleKey {
        insutype = Objects.requireNonNullElse(insutype, "");
        psnType = Objects.requireNonNullElse(psnType, "");
        medType = Objects.requireNonNullElse(medType, "");
        hospLv = Objects.requireNonNullElse(hospLv, "");
    }
}
