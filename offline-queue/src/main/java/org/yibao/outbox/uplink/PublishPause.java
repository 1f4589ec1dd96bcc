package org.yibao.outbox.uplink;

/**
 * How long the uplink holds off publishing after publishes that did not deliver: 1 s after the
 * first, doubling with each failure in a row (a round: those during a pause count as its own) up to 60 s, and none again once a publish is
 * delivered. A failure is a publish the client gave up on, or one the broker acknowledged with
 * "no matching subscribers" (the centre has no subscription: nobody received it), which would
 * otherwise be sent again every second for as long as the centre is away. A clock set back never
 * makes the pause longer than it was set to last.
 */
final class PublishPause {
    static final long FIRST_MILLIS = 1_000;
    static final long LONGEST_MILLIS = 60_000;

    private int failuresInARow;
    private long until;
    private long length;

    /**
     * A publish did not deliver, at {@code now} (epoch millis). One while the pause it set still
     * runs is of the same round (a window of publishes refused together, "no subscribers" for
     * each of them while the centre is away): it does not double the pause again, else sixteen
     * publishes in flight made one refusal a minute's pause.
     */
    void failed(long now) {
        if (now < until) return;
        failuresInARow++;
        length = Math.min(LONGEST_MILLIS, FIRST_MILLIS << Math.min(failuresInARow - 1, 6));
        until = now + length;
    }

    /** A publish was delivered: the next failure pauses for {@link #FIRST_MILLIS} again. */
    void delivered() {
        failuresInARow = 0;
    }

    /**
     * A new connection: what failed on the last one (its publishes fail with it when it is lost)
     * holds nothing back on this one; the reconnect's own backoff has waited already.
     */
    void reset() {
        failuresInARow = 0;
        until = 0;
        length = 0;
    }

    /** Milliseconds left to wait at {@code now}; 0 when publishing may go on. */
    long remaining(long now) {
        long left = until - now;
        if (left <= 0) return 0;
        return Math.min(left, length);
    }
}
