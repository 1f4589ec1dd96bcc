package org.yibao.terminal.api.envelope;

import java.util.Objects;

/**
 * A request that passed envelope parsing: the envelope and two SHA-256 (hex) fingerprints of its
 * canonical form, which the idempotency store compares when a msgid comes back: {@code requestHash}
 * of the whole request, and {@code anySessionHash} of the request without its sign_no (the same
 * request sent again under a new sign-in).
 */
public record ParsedRequest(RequestEnvelope envelope, String requestHash, String anySessionHash) {
    public ParsedRequest {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(anySessionHash, "anySessionHash");
    }
}
