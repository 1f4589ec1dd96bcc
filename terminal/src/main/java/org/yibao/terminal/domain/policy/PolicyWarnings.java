package org.yibao.terminal.domain.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What a valid policy does that its staff may not have meant, in Chinese, each naming the rule
 * ({@code rules[i]（id）}). Today one thing: a per-disease rule without {@code requires_opsp: true}
 * (the key is a flag, absent is false) pays its 门慢门特 benefits to anyone a host sends the
 * disease code for, with no approval checked. Not refusals: the spec does not require the key.
 * Pure.
 */
public final class PolicyWarnings {
    private PolicyWarnings() {
    }

    /** The warnings for {@code policy}, in rule order; empty when there are none. */
    public static List<String> of(Policy policy) {
        List<String> out = new ArrayList<>();
        List<Rule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).benefits() instanceof RuleBenefits.PerDisease perDisease && !perDisease.requiresOpsp()) {
                out.add("rules[" + i + "]（" + rules.get(i).id() + "）按病种支付但未设 requires_opsp: true："
                        + "不核对门慢门特备案，凡送来所列病种编码的结算均按病种待遇支付");
            }
        }
        return List.copyOf(out);
    }
}
