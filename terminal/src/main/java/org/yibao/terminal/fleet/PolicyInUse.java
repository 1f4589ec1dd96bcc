package org.yibao.terminal.fleet;

import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.policy.PolicyTimeline;

/**
 * The policies the settlements use: the one in force and any delivered ahead of its effective
 * date, as a {@link PolicyTimeline}. A settlement asks once, for its settlement date, when it
 * starts (see {@code SettleCheck}) and keeps that policy to its commit; an applied policy update
 * swaps the timeline atomically, so no settlement mixes two policies.
 */
public final class PolicyInUse implements PolicySource {
    private final AtomicReference<PolicyTimeline> timeline;

    public PolicyInUse(PolicyTimeline initial) {
        timeline = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public Policy on(LocalDate date) {
        return timeline.get().on(date);
    }

    /** Every policy held now, oldest effective date first. */
    public PolicyTimeline timeline() {
        return timeline.get();
    }

    void set(PolicyTimeline next) {
        timeline.set(Objects.requireNonNull(next, "next"));
    }
}
