package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The uplink's flow-control parts, with time and randomness driven by hand. */
class FlowControlTest {

    @Property
    void fullJitterStaysWithinTheCappedExponentialCeiling(@ForAll @IntRange(min = 1, max = 200) int attempt,
                                                          @ForAll long seed) {
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(500), Duration.ofSeconds(60),
                seeded(seed));
        Duration delay = backoff.delay(attempt);
        assertFalse(delay.isNegative());
        assertTrue(delay.compareTo(backoff.ceiling(attempt)) <= 0, delay + " > " + backoff.ceiling(attempt));
    }

    @Test
    void ceilingDoublesThenCaps() {
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(500), Duration.ofSeconds(60), seeded(1));
        assertEquals(Duration.ofMillis(500), backoff.ceiling(1));
        assertEquals(Duration.ofMillis(1000), backoff.ceiling(2));
        assertEquals(Duration.ofMillis(32_000), backoff.ceiling(7));
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(8));
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(10_000));
    }

    @Test
    void jitterSpreadsAFleetOut() {
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(500), Duration.ofSeconds(60), seeded(7));
        long distinct = java.util.stream.IntStream.range(0, 100).mapToObj(i -> backoff.delay(10)).distinct().count();
        assertTrue(distinct > 90, "delays for the same attempt differ: " + distinct);
        assertThrows(IllegalArgumentException.class,
                () -> new FullJitterBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), seeded(1)));
    }

    @Test
    void tokenBucketPacesTheCatchUp() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(100, 5, nanos::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire(), "the burst is available at once");
        }
        assertFalse(limiter.tryAcquire());
        assertEquals(10_000_000, limiter.nanosUntilNext(), "one token every 10 ms at 100/s");
        nanos.addAndGet(9_999_999);
        assertFalse(limiter.tryAcquire());
        nanos.addAndGet(1);
        assertTrue(limiter.tryAcquire());
        nanos.addAndGet(1_000_000_000);
        int taken = 0;
        while (limiter.tryAcquire()) {
            taken++;
        }
        assertEquals(5, taken, "an idle second saves at most one burst");
        limiter.reset();
        assertTrue(limiter.tryAcquire());
    }

    private static RandomGenerator seeded(long seed) {
        return new java.util.SplittableRandom(seed);
    }
}
