package org.yibao.terminal.fleet;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.yibao.terminal.domain.policy.Policy;

/**
 * The policy the settlements use now. A settlement reads it once when it starts (see
 * {@code SettleCheck}) and keeps that policy to its commit; an applied policy update swaps the
 * reference atomically, so the next settlement uses the new version and none mixes two.
 */
public final class PolicyInUse implements Supplier<Policy> {
    private final AtomicReference<Policy> current;

    public PolicyInUse(Policy initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public Policy get() {
        return current.get();
    }

    void set(Policy policy) {
        current.set(Objects.requireNonNull(policy, "policy"));
    }
}
