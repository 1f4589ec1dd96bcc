package org.yibao.terminal.flow;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicySource;

/**
 * The policy in use for the flow tests, counting reads; {@link #switchAfterNextRead} makes a
 * new policy arrive right after the next settlement has started, as a fleet update landing
 * mid-settlement would.
 */
final class SwitchingPolicies implements PolicySource {
    private volatile Policy current;
    private volatile Policy next;
    final AtomicInteger reads = new AtomicInteger();

    SwitchingPolicies(Policy initial) {
        current = initial;
    }

    /** The policy in use now, without counting a read. */
    Policy current() {
        return current;
    }

    @Override
    public synchronized Policy on(LocalDate date) {
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
