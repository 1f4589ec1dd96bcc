package org.yibao.outbox.uplink;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved. The uplink
 * takes one token per message (a batch of 32 takes 32), which paces the catch-up after a
 * reconnect so a backlog of thousands does not flood the broker or the centre. Not thread-safe:
 * the uplink's worker owns it.
 */
public final class RateLimiter {

    /** Refills happen in floating point; a token that is one rounding error short is whole. */
    private static final double WHOLE = 1 - 1e-9;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive: " + perSecond + ", " + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.tokens = burst;
    }

    /** Takes a token if one is there. */
    public boolean tryAcquire() {
        refill();
        if (tokens >= WHOLE) {
            tokens = Math.max(0, tokens - 1);
            return true;
        }
        return false;
    }

    /** Nanoseconds until the next token (0 if one is there). */
    public long nanosUntilNext() {
        refill();
        return tokens >= WHOLE ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Starts a catch-up: the bucket holds one burst. */
    public void reset() {
        last = nanoTime.getAsLong();
        tokens = burst;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}
