package org.yibao.terminal.domain.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The personal account's part in a rule: its fund_pay_type and the parts of the person's share
 * it may cover, in priority order, without duplicates.
 */
public record AccountRule(FundPayType fundPayType, List<PayablePart> mayPay) {
    public AccountRule {
        Objects.requireNonNull(fundPayType, "fundPayType");
        mayPay = List.copyOf(mayPay);
        if (Set.copyOf(mayPay).size() != mayPay.size()) {
            throw new IllegalArgumentException("duplicate may_pay entries " + mayPay);
        }
    }

    public boolean mayPay(PayablePart part) {
        return mayPay.contains(part);
    }
}
