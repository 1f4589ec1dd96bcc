package org.yibao.outbox;

import java.time.Instant;

/**
 * One outbox row as read back. {@code resultCode}/{@code resultReason} are the centre's answer
 * when it rejected the message; times are null until they happen.
 */
public record StoredMessage(long seq, String id, String type, String messageClass, Lane lane, String orderKey,
                            byte[] payload, MessageState state, int attempts, Instant createdAt,
                            Instant sentAt, Instant answeredAt, String resultCode, String resultReason) {

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload size in bytes. */
    public int size() {
        return payload.length;
    }
}
