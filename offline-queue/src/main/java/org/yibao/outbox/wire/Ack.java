package org.yibao.outbox.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The centre's business answer to one message, centre to terminal. JSON:
 * {@code {"v":1,"id":"T01-42","status":"ACCEPTED","code":"0","reason":"","centre":"centre-a","at":1795420800000}}
 * or with {@code "status":"REJECTED"} and the centre's code and reason. A duplicate message
 * gets the same answer again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ack(int v, String id, Status status, String code, String reason, String centre, long at) {

    /** Accepted or rejected. */
    public enum Status { ACCEPTED, REJECTED }

    public Ack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
