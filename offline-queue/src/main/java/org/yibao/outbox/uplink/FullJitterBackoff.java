package org.yibao.outbox.uplink;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: attempt n waits a uniformly random time in
 * {@code [0, min(cap, base * 2^(n-1))]}, so a fleet that lost its broker at the same moment
 * does not come back at the same moment.
 */
public record FullJitterBackoff(Duration base, Duration cap, RandomGenerator random) implements Backoff {

    public FullJitterBackoff {
        Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap: " + base + ", " + cap);
        }
    }

    /** 500 ms doubling up to 60 s. */
    public static FullJitterBackoff standard() {
        return new FullJitterBackoff(Duration.ofMillis(500), Duration.ofSeconds(60), RandomGenerator.getDefault());
    }

    /** The upper bound of the wait before attempt {@code attempt}. */
    public Duration ceiling(int attempt) {
        int doublings = Math.clamp(attempt - 1, 0, 40);
        double ceiling = base.toMillis() * Math.pow(2, doublings);
        return Duration.ofMillis((long) Math.min(cap.toMillis(), ceiling));
    }

    @Override
    public Duration delay(int attempt) {
        return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
    }
}
