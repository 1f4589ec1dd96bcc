package org.yibao.outbox.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition on real services (broker, child JVMs) with a generous bound; a
 * liveness check, not a performance assertion: the bound only stops a broken test from hanging.
 */
public final class Eventually {

    /** A condition that may throw (e.g. a database read). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /** Polls {@code condition} until it holds; fails with {@code description} after {@code bound}. */
    public static void await(Duration bound, Condition condition, Supplier<String> description) {
        long deadline = System.nanoTime() + bound.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("still not true after " + bound + ": " + description.get(), last);
    }
}
