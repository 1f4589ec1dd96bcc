package org.yibao.outbox;

/**
 * A lane of the outbox: each lane has its own backlog limits and its own topic, and the uplink
 * drains {@link #CONTROL} before {@link #MESSAGES}, so control traffic (sign-in, declarations,
 * diagnostics) is never stuck behind a backlog of claims.
 */
public enum Lane {
    /** Business messages (claims and their reversals). */
    MESSAGES("claims"),
    /** Small control traffic with its own count limit. */
    CONTROL("control");

    private final String topicSegment;

    Lane(String topicSegment) {
        this.topicSegment = topicSegment;
    }

    /** The last topic segment messages of this lane are published under. */
    public String topicSegment() {
        return topicSegment;
    }
}
