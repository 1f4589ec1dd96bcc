package org.yibao.terminal.domain.policy;

import java.util.Optional;

/** The fund_pay_type codes a policy may configure (spec "Codes used"), with their names. */
public enum FundPayType {
    EMPLOYEE_POOL("310100", "职工统筹", false),
    EMPLOYEE_ACCOUNT("310200", "职工个人账户", true),
    RESIDENT_POOL("390100", "居民基本统筹", false),
    MEDICAL_AID("610100", "医疗救助", false);

    private final String code;
    private final String displayName;
    private final boolean account;

    FundPayType(String code, String displayName, boolean account) {
        this.code = code;
        this.displayName = displayName;
        this.account = account;
    }

    public String code() {
        return code;
    }

    /** fund_pay_type_name. */
    public String displayName() {
        return displayName;
    }

    /** True for a personal-account fund (usable only in a rule's {@code account}). */
    public boolean isAccount() {
        return account;
    }

    public static Optional<FundPayType> ofCode(String code) {
        for (FundPayType t : values()) {
            if (t.code.equals(code)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
