package org.yibao.terminal.domain.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One policy rule: when it applies, the accumulator group it counts in, what the pooled fund
 * pays (its own benefit or per disease), the pooled fund's fund_pay_type and the optional
 * personal account part (absent where the insutype has no account, e.g. residents).
 */
public record Rule(String id, RuleCondition when, String accuGroup, RuleBenefits benefits,
                   FundPayType fundPayType, Optional<AccountRule> account) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(accuGroup, "accuGroup");
        Objects.requireNonNull(benefits, "benefits");
        Objects.requireNonNull(fundPayType, "fundPayType");
        Objects.requireNonNull(account, "account");
    }
}
