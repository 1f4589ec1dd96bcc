package org.yibao.terminal.identity.trust;

import java.util.Optional;

/** The two signature algorithms a YBEC1 voucher and a trusted platform key may name. */
public enum KeyAlg {
    /** SM3withSM2 over the curve sm2p256v1, distinguishing id {@code 1234567812345678}. */
    SM2,
    /** ECDSA over P-256 (secp256r1) with SHA-256. */
    ES256;

    /** The algorithm spelled exactly as in a header or trust file; empty for anything else. */
    public static Optional<KeyAlg> byName(String name) {
        for (KeyAlg alg : values()) {
            if (alg.name().equals(name)) {
                return Optional.of(alg);
            }
        }
        return Optional.empty();
    }
}
