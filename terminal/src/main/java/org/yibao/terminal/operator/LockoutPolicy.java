package org.yibao.terminal.operator;

import java.time.Duration;
import java.util.Objects;

/**
 * After {@code maxFailures} consecutive wrong passwords the operator is locked for
 * {@code lockDuration}; while locked, no password is even checked. A correct password resets
 * the count.
 */
public record LockoutPolicy(int maxFailures, Duration lockDuration) {
    /** 5 failures, 15 minutes. */
    public static final LockoutPolicy DEFAULT = new LockoutPolicy(5, Duration.ofMinutes(15));

    public LockoutPolicy {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1");
        Objects.requireNonNull(lockDuration, "lockDuration");
        if (lockDuration.isNegative() || lockDuration.isZero()) throw new IllegalArgumentException("lockDuration must be positive");
    }
}
