package org.yibao.outbox;

/**
 * How many messages, and how many payload bytes, were ever appended to each lane (purged ones
 * included). Each outbox row carries the totals as of itself; a lane's backlog is its totals
 * minus what left the backlog (answered), so an append never rewrites a counters row.
 */
record RunningTotals(long messages, long messagesBytes, long control, long controlBytes) {

    static final RunningTotals NONE = new RunningTotals(0, 0, 0, 0);

    /** The totals once one more message of {@code bytes} is appended to {@code lane}. */
    RunningTotals plus(Lane lane, long bytes) {
        return lane == Lane.MESSAGES
                ? new RunningTotals(messages + 1, messagesBytes + bytes, control, controlBytes)
                : new RunningTotals(messages, messagesBytes, control + 1, controlBytes + bytes);
    }

    /** Messages ever appended to {@code lane}. */
    long count(Lane lane) {
        return lane == Lane.MESSAGES ? messages : control;
    }

    /** Payload bytes ever appended to {@code lane}. */
    long bytes(Lane lane) {
        return lane == Lane.MESSAGES ? messagesBytes : controlBytes;
    }
}
