package org.yibao.drivers.scanner.serial;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with ±20 % jitter, so a fleet does not retry in step. */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = minNanos;
    }

    Duration next() {
        long base = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        long jitter = (long) (base * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Duration.ofNanos(Math.max(1, base + jitter));
    }

    void reset() {
        nextNanos = minNanos;
    }
}
