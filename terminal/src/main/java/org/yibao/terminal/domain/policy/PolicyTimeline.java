package org.yibao.terminal.domain.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policies a terminal holds, oldest effective date first: the one in force and any delivered
 * ahead of their effective date. Pure and immutable. The policy for a settlement date is the
 * newest whose {@code effective} is on or before it; before the first one's date there is none,
 * and {@link #on} gives the first one (which the {@code Settler} refuses with 1302, as for a
 * single policy not yet effective).
 *
 * <p>A policy added later wins from its own effective date on: it replaces every held one that
 * would take effect on or after that date (a re-sent or corrected future policy replaces the
 * pending one; a policy effective today replaces the one in force). Policies that can no longer
 * apply (before the one in force on the day of the change) are dropped, so the list stays short.
 */
public record PolicyTimeline(List<Policy> policies) implements PolicySource {
    public PolicyTimeline {
        policies = List.copyOf(policies);
        if (policies.isEmpty()) throw new IllegalArgumentException("a timeline holds at least one policy");
        for (int i = 1; i < policies.size(); i++) {
            if (!policies.get(i - 1).effective().isBefore(policies.get(i).effective())) {
                throw new IllegalArgumentException("effective dates must increase: " + policies.get(i).version());
            }
        }
    }

    /** Only {@code policy}. */
    public static PolicyTimeline of(Policy policy) {
        return new PolicyTimeline(List.of(Objects.requireNonNull(policy, "policy")));
    }

    /** This timeline with {@code next} added (see the class comment), pruned as of {@code today}. */
    public PolicyTimeline with(Policy next, LocalDate today) {
        List<Policy> kept = new ArrayList<>();
        for (Policy p : policies) {
            if (p.effective().isBefore(next.effective())) kept.add(p);
        }
        kept.add(next);
        int inForce = indexInForce(kept, today);
        return new PolicyTimeline(kept.subList(Math.max(inForce, 0), kept.size()));
    }

    /** The newest policy effective on or before {@code date}, if any. */
    public Optional<Policy> inForceOn(LocalDate date) {
        int i = indexInForce(policies, date);
        return i < 0 ? Optional.empty() : Optional.of(policies.get(i));
    }

    @Override
    public Policy on(LocalDate date) {
        return inForceOn(date).orElse(policies.getFirst());
    }

    /** The policies that take effect after {@code date}, oldest first. */
    public List<Policy> pendingAfter(LocalDate date) {
        return policies.stream().filter(p -> p.effective().isAfter(date)).toList();
    }

    private static int indexInForce(List<Policy> ordered, LocalDate date) {
        int found = -1;
        for (int i = 0; i < ordered.size() && !ordered.get(i).effective().isAfter(date); i++) found = i;
        return found;
    }
}
