package org.yibao.terminal.identity.trust;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated, immutable trust file (spec §3): the platform keys by kid and the revocations.
 * Obtain one from {@link TrustFileReader}; a file with any error never becomes a TrustFile.
 */
public record TrustFile(String version, Map<String, TrustedKey> keys, Revocations revoked) {
    public TrustFile {
        Objects.requireNonNull(version, "version");
        keys = Map.copyOf(keys);
        Objects.requireNonNull(revoked, "revoked");
    }

    /** The key named {@code kid}, whatever its validity. */
    public Optional<TrustedKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }
}
