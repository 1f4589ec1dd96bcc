package org.yibao.terminal.domain.policy;

import java.util.Optional;
import java.util.Set;

/**
 * A rule's {@code when}: each present key must contain the request's value, a missing key
 * matches anything. Keys: insutype, psn_type, med_type and the terminal's hosp_lv.
 */
public record RuleCondition(Optional<Set<String>> insutypes, Optional<Set<String>> psnTypes,
                            Optional<Set<String>> medTypes, Optional<Set<String>> hospLvs) {
    /** Matches every request. */
    public static final RuleCondition ANY =
            new RuleCondition(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public RuleCondition {
        insutypes = insutypes.map(Set::copyOf);
        psnTypes = psnTypes.map(Set::copyOf);
        medTypes = medTypes.map(Set::copyOf);
        hospLvs = hospLvs.map(Set::copyOf);
    }

    public boolean matches(RuleKey key) {
        return accepts(insutypes, key.insutype())
                && accepts(psnTypes, key.psnType())
                && accepts(medTypes, key.medType())
                && accepts(hospLvs, key.hospLv());
    }

    private static boolean accepts(Optional<Set<String>> allowed, String value) {
        return allowed.map(s -> s.contains(value)).orElse(true);
    }
}
