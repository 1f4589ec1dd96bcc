package org.yibao.outbox.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A message on the wire, terminal to centre. JSON:
 * {@code {"v":1,"id":"T01-42","device":"T01","type":"claim.settle","class":"FUND","lane":"MESSAGES",
 * "key":"S1","createdAt":1795420800000,"attempt":1,"payload":"<base64>"}}.
 * {@code key} is absent when the message has no order key; {@code createdAt} is epoch milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(int v, String id, String device, String type,
                       @JsonProperty("class") String messageClass, String lane, String key,
                       long createdAt, int attempt, byte[] payload) {

    public static final int VERSION = 1;

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }
}
