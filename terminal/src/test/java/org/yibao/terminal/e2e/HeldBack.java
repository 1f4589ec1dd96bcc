package org.yibao.terminal.e2e;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last {@code reserved} items of a kill test's bounded work, handed out only once the terminal
 * was killed: however fast the disk commits the rest, each POS thread still has a request that the
 * kill leaves without its answer (a wall-clock kill point let every thread finish first on a fast
 * machine, and the test failed for proving nothing).
 */
final class HeldBack {
    private final AtomicInteger taken = new AtomicInteger();
    private final CountDownLatch killed = new CountDownLatch(1);
    private final int free;

    /** {@code total} items, the last {@code reserved} of them held back until {@link #killed()}. */
    HeldBack(int total, int reserved) {
        this.free = total - reserved;
    }

    /** Nothing held back. */
    static HeldBack none() {
        return new HeldBack(Integer.MAX_VALUE, 0);
    }

    /**
     * Call before taking an item: returns at once for a free one, after the kill for a reserved
     * one (or any taken once the work ran out); false when interrupted.
     */
    boolean awaitTurn() {
        if (taken.incrementAndGet() <= free) return true;
        try {
            killed.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The terminal is dead: the reserved items may go (to a refused connection, or none at all). */
    void killed() {
        killed.countDown();
    }
}
