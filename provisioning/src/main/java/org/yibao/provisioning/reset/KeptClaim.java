package org.yibao.provisioning.reset;

/**
 * One outbox row a reset must not lose: one the centre has not acknowledged (PENDING, SENT or
 * NEEDS_ATTENTION), or one it refused (REJECTED, with its code and reason: the centre's final
 * answer on a settlement the device already made, which the pharmacy still has to settle with
 * the centre). Its id, order key, type, class and the exact payload bytes.
 */
public record KeptClaim(String id, String lane, String messageClass, String type, String orderKey,
                        String state, long createdAt, byte[] payload, String resultCode, String resultReason) {

    /** The centre refused it. */
    public boolean rejected() {
        return "REJECTED".equals(state);
    }
}
