package org.yibao.terminal.fleet;

import java.util.function.LongSupplier;

/**
 * How many bytes of pushed updates the device holds at once (taken and not yet decided). A
 * publish pushes all its messages at once, and the broker sends a device's queued ones in one
 * burst after a restart: four catalogue pieces near the device's packet limit, each held as a
 * message while the one before was verified, ran a 64 MB heap out. A push is taken when nothing
 * else is held, or when it fits the budget with what is (half the largest message the device takes);
 * the others are left to the catch-up, which asks for them one answer at a time. Pushes are a
 * fast path only: order and completeness come from the sequences.
 */
final class PushBudget {
    private final LongSupplier maxPacketBytes;
    private long held;

    PushBudget(LongSupplier maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /** Whether a push of {@code bytes} is taken now; if so, {@link #release} it once decided. No packet limit (0): every one. */
    synchronized boolean take(long bytes) {
        long limit = maxPacketBytes.getAsLong();
        if (limit > 0 && held > 0 && held + bytes > limit / 2) return false;
        held += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        held -= bytes;
    }

    synchronized long held() {
        return held;
    }
}
