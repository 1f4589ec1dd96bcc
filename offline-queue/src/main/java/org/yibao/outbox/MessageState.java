package org.yibao.outbox;

/**
 * The life of an outbox row.
 *
 * <pre>
 * PENDING --PUBACK--> SENT --centre accepts--> ACKED  (purged after the retention period)
 *    ^                 |  \--centre rejects--> REJECTED         (kept for the operator; never resent)
 *    |                 |
 *    +--reconnect / ack timeout (attempts &lt; max)
 *                      \--reconnect / ack timeout, attempts &gt;= max--> NEEDS_ATTENTION
 * NEEDS_ATTENTION --operator retry (Outbox.retry, OutboxOperator.retry)--> PENDING
 * </pre>
 *
 * An accept or reject that arrives before the PUBACK is processed moves PENDING straight on.
 * Only ACKED rows are ever deleted (a trigger refuses any other delete).
 */
public enum MessageState {
    /** Waiting to be published (or to be published again). */
    PENDING,
    /** The broker has it (PUBACK); the centre has not answered yet. */
    SENT,
    /** The centre accepted it. */
    ACKED,
    /** The centre refused it, with a code and a reason; shown to the operator. */
    REJECTED,
    /** Published the maximum number of times without a business answer; shown to the operator. */
    NEEDS_ATTENTION;

    /** Whether the centre has not answered this message yet (it counts in the backlog). */
    public boolean unacknowledged() {
        return this == PENDING || this == SENT || this == NEEDS_ATTENTION;
    }
}
