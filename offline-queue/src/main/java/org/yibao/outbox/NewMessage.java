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
        if (!validType(type)) {
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

    /** The payload itself, not a copy, for the outbox's own write (this record already holds a private copy). */
    byte[] payloadUnshared() {
        return payload;
    }

    /** ASCII [A-Za-z0-9_.:-], 1-64 characters (checked without a regular expression: every append checks it). */
    private static boolean validType(String type) {
        if (type == null || type.isEmpty() || type.length() > 64) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char ch = type.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '_' || ch == '.' || ch == ':' || ch == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The payload size in bytes, without copying. */
    public int size() {
        return payload.length;
    }
}
