package org.yibao.terminal.store.idempotency;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer recorded for a msgid: the fingerprints of the request that earned it (the whole
 * request, and the request without its sign_no; the latter is absent for answers recorded
 * before 2026-12-06) and the response JSON, returned byte for byte to every later request with
 * the same msgid.
 */
public record StoredReply(String msgid, String infno, String requestHash, Optional<String> anySessionHash,
                          String responseJson, String recordedAt) {
    public StoredReply {
        Objects.requireNonNull(msgid, "msgid");
        Objects.requireNonNull(infno, "infno");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(anySessionHash, "anySessionHash");
        Objects.requireNonNull(responseJson, "responseJson");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Whether a request with fingerprint {@code hash} is the one this answer was recorded for. */
    public boolean answers(String hash) {
        return requestHash.equals(hash);
    }

    /**
     * Whether a request whose fingerprint without its sign_no is {@code hash} is the one this
     * answer was recorded for, sent again under another sign-in.
     */
    public boolean answersInAnotherSession(String hash) {
        return anySessionHash.filter(hash::equals).isPresent();
    }
}
