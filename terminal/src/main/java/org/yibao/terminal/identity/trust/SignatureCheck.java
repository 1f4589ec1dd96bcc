package org.yibao.terminal.identity.trust;

import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

import java.util.Objects;

/**
 * Verifies DER signatures with one already-parsed public key. The key is decoded and checked
 * once, when the trust file is loaded, so the hot path only hashes and does the curve
 * arithmetic. Thread-safe: each call uses its own signer object.
 */
public final class SignatureCheck {
    private final KeyAlg alg;
    private final ECPublicKeyParameters key;

    SignatureCheck(KeyAlg alg, ECPublicKeyParameters key) {
        this.alg = Objects.requireNonNull(alg, "alg");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The algorithm this key verifies (fixed by its curve). */
    public KeyAlg alg() {
        return alg;
    }

    /**
     * True when {@code signature} (DER, strict) signs the first {@code length} bytes of
     * {@code message} under this key; false for any malformed or wrong signature.
     */
    public boolean verify(byte[] message, int length, byte[] signature) {
        Signer signer = newSigner();
        signer.init(false, key);
        signer.update(message, 0, length);
        return signer.verifySignature(signature);
    }

    private Signer newSigner() {
        return switch (alg) {
            // No ParametersWithID: SM2Signer then uses the default id 1234567812345678.
            case SM2 -> new SM2Signer(StandardDSAEncoding.INSTANCE, new SM3Digest());
            case ES256 -> new DSADigestSigner(new ECDSASigner(), new SHA256Digest(), StandardDSAEncoding.INSTANCE);
        };
    }
}
