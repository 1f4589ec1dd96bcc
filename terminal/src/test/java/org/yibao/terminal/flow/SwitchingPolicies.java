package org.yibao.terminal.flow;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.yibao.terminal.domain.policy.Policy;

/**
 * The policy in use for the flow tests, counting reads; {@link #switchAfterNextRead} makes a
 * new policy arrive right after the next settlement has started, as a fleet update landing
 * mid-settlement would.
 */
final class SwitchingPolicies implements Supplier<Policy> {
    private volatile Policy current;
    private volatile Policy next;
    final AtomicInteger reads = new AtomicInteger();

    SwitchingPolicies(Policy initial) {
        current = initial;
    }

    @Override
    public synchronized Policy get() {
        reads.incrementAndGet();
        Policy read = current;
        if (next != null) {
            current = next;
            next = null;
        }
        return read;
    }

    synchronized void switchAfterNextRead(Policy policy) {
        next = policy;
    }
}
