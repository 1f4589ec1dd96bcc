package org.yibao.provisioning.reset;

/**
 * One outbox row the centre has not acknowledged (PENDING, SENT or NEEDS_ATTENTION), as it
 * must be kept: its id, order key, type, class and the exact payload bytes.
 */
public record PendingClaim(String id, String lane, String messageClass, String type, String orderKey,
                           String state, long createdAt, byte[] payload) {
}
