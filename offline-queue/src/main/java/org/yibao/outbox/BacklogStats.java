package org.yibao.outbox;

import java.time.Duration;

/**
 * The unacknowledged backlog of one lane, as of one read.
 *
 * @param count          unacknowledged messages (PENDING, SENT, NEEDS_ATTENTION)
 * @param bytes          their payload bytes
 * @param oldestAge      age of the oldest of them, zero when there are none
 * @param needsAttention of them, how many wait for an operator
 * @param rejected       messages the centre refused (answered, kept for the operator)
 */
public record BacklogStats(long count, long bytes, Duration oldestAge, long needsAttention, long rejected) {
}
