package org.yibao.outbox;

import java.util.Objects;

/**
 * A message to append. The outbox never looks inside the payload.
 *
 * @param type     what the receiver needs to route it, ASCII [A-Za-z0-9_.:-], 1-64 chars
 * @param messageClass admission class and lane
 * @param orderKey messages sharing a key are delivered in append order, each only after the
 *                 previous one was answered by the centre; null for "no order"; at most 128 chars
 * @param payload  opaque bytes
 */
public record NewMessage(String type, MessageClass messageClass, String orderKey, byte[] payload) {

    public NewMessage {
        Objects.requireNonNull(messageClass, "messageClass");
        Objects.requireNonNull(payload, "payload");
        if (type == null || !type.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("message type must be 1-64 of [A-Za-z0-9_.:-]: " + type);
        }
        if (orderKey != null && (orderKey.isEmpty() || orderKey.length() > 128)) {
            throw new IllegalArgumentException("order key must be 1-128 characters or null");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload size in bytes, without copying. */
    public int size() {
        return payload.length;
    }
}
