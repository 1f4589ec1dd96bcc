package org.yibao.provisioning.update;

import org.yibao.provisioning.config.ProvisionReason;

/** What {@link UpdateVerifier} decided about a received update. */
public sealed interface UpdateVerdict {
    /** Signed by a trusted key, well formed and addressed to this device. */
    record Verified(Update update) implements UpdateVerdict {
    }

    /**
     * Refused before anything could be trusted. {@code claimedId} is the update id the payload
     * claims, or empty. {@code signed}: the signature verified with a trusted key, so the centre
     * made it (the payload, the addressee or the digest is what failed) and may be told which
     * one was refused; when false (no envelope, no valid signature, an unknown key) it is not
     * from the centre, and nothing in it - {@code claimedId} included - is the centre's word.
     */
    record Refused(ProvisionReason reason, String detail, String claimedId, boolean signed) implements UpdateVerdict {
    }
}
