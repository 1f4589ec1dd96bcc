package org.yibao.terminal.store.idempotency;

import java.util.Objects;

/**
 * The answer recorded for a msgid: the fingerprint of the request that earned it and the
 * response JSON, returned byte for byte to every later request with the same msgid.
 */
public record StoredReply(String msgid, String infno, String requestHash, String responseJson, String recordedAt) {
    public StoredReply {
        Objects.requireNonNull(msgid, "msgid");
        Objects.requireNonNull(infno, "infno");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(responseJson, "responseJson");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Whether a request with fingerprint {@code hash} is the one this answer was recorded for. */
    public boolean answers(String hash) {
        return requestHash.equals(hash);
    }
}
