package org.yibao.provisioning.update;

import org.yibao.provisioning.config.ProvisionReason;

/** What {@link UpdateVerifier} decided about a received update. */
public sealed interface UpdateVerdict {
    /** Signed by a trusted key, well formed and addressed to this device. */
    record Verified(Update update, byte[] envelope) implements UpdateVerdict {
    }

    /**
     * Refused before anything could be trusted. {@code claimedId} is the update id the payload
     * claims (unauthenticated, only to tell the centre which one was refused), or empty.
     */
    record Refused(ProvisionReason reason, String detail, String claimedId) implements UpdateVerdict {
    }
}
