package org.yibao.terminal.domain.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a rule takes its deductible, segments and caps from: the rule itself, or the entry of
 * the request's disease (门慢门特), optionally requiring an approved qualification.
 */
public sealed interface RuleBenefits {

    /** One benefit for every request the rule matches. */
    record Flat(Benefit benefit) implements RuleBenefits {
        public Flat {
            Objects.requireNonNull(benefit, "benefit");
        }
    }

    /**
     * One benefit per disease code (dise_codg); an unlisted disease is refused. With
     * {@code requiresOpsp} the person must hold an approved 门慢门特 for the disease on the date.
     */
    record PerDisease(Map<String, Benefit> diseases, boolean requiresOpsp) implements RuleBenefits {
        public PerDisease {
            diseases = Map.copyOf(diseases);
        }

        public Optional<Benefit> forDisease(String diseCodg) {
            return Optional.ofNullable(diseCodg == null ? null : diseases.get(diseCodg));
        }
    }
}
