package org.yibao.terminal.api.envelope;

import java.util.Objects;

/**
 * A request that passed envelope parsing: the envelope and the SHA-256 (hex) of its canonical
 * form, the fingerprint the idempotency store compares when a msgid comes back.
 */
public record ParsedRequest(RequestEnvelope envelope, String requestHash) {
    public ParsedRequest {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(requestHash, "requestHash");
    }
}
