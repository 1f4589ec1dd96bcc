package org.yibao.terminal.identity.trust;

import java.time.Instant;
import java.util.Objects;

/**
 * One platform key of the trust file: its id, algorithm, parsed public key and the closed
 * interval of Unix seconds [notBefore, notAfter] in which it is trusted.
 */
public record TrustedKey(String kid, KeyAlg alg, SignatureCheck signature, long notBefore, long notAfter) {
    /** The longest kid a voucher header may name, so the longest a trust file may hold. */
    public static final int MAX_KID_LENGTH = 64;
    /** 9999-12-31T23:59:59Z, the latest not_before / not_after (and voucher time) the terminal takes. */
    public static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    public TrustedKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(signature, "signature");
        if (signature.alg() != alg) {
            throw new IllegalArgumentException("key " + kid + " is " + signature.alg() + ", declared " + alg);
        }
        if (notBefore > notAfter) {
            throw new IllegalArgumentException("key " + kid + ": not_before after not_after");
        }
    }

    /** True when {@code now} is before {@code not_before}. */
    public boolean notYetValidAt(Instant now) {
        return now.isBefore(Instant.ofEpochSecond(notBefore));
    }

    /** True when {@code now} is after {@code not_after}, even by a fraction of a second. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(Instant.ofEpochSecond(notAfter));
    }
}
