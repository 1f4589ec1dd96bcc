package org.yibao.terminal.domain.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, immutable settlement policy for one 统筹区 (spec/policy-and-catalog.md). Amounts
 * are fen, ratios exact; rounding is always HALF_UP to the fen. Built only by the loader,
 * which refuses any file with an error.
 */
public record Policy(String admdvs, String version, LocalDate effective, Set<String> accuGroups,
                     List<Rule> rules, OfflineLimits offline) {
    public Policy {
        Objects.requireNonNull(admdvs, "admdvs");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(effective, "effective");
        accuGroups = Set.copyOf(accuGroups);
        rules = List.copyOf(rules);
        Objects.requireNonNull(offline, "offline");
    }

    /** The first rule whose {@code when} matches; empty means the request must be refused. */
    public Optional<Rule> firstMatching(RuleKey key) {
        for (Rule r : rules) {
            if (r.when().matches(key)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** True when the policy applies on {@code date} (on or after {@code effective}). */
    public boolean appliesOn(LocalDate date) {
        return !date.isBefore(effective);
    }
}
