package org.yibao.terminal.domain.policy;

import java.util.Optional;

/** The parts of the person's share a personal account may cover (policy {@code may_pay}). */
public enum PayablePart {
    FULAMT_OWNPAY("fulamt_ownpay"),
    OVERLMT_SELFPAY("overlmt_selfpay"),
    PRESELFPAY("preselfpay"),
    POOL_SELFPAY("pool_selfpay"),
    DEDUCTIBLE("deductible");

    private final String yamlName;

    PayablePart(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in the policy file. */
    public String yamlName() {
        return yamlName;
    }

    public static Optional<PayablePart> ofYamlName(String name) {
        for (PayablePart p : values()) {
            if (p.yamlName.equals(name)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
