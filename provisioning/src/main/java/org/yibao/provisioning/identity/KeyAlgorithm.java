package org.yibao.provisioning.identity;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/** The device key algorithms: EC P-256 with SHA-256 (default) and SM2 with SM3 (国密). */
public enum KeyAlgorithm {
    EC("secp256r1", "SHA256withECDSA"),
    SM2("sm2p256v1", "SM3withSM2");

    private final String curve;
    private final String signature;

    KeyAlgorithm(String curve, String signature) {
        this.curve = curve;
        this.signature = signature;
    }

    /** The named curve to generate keys on. */
    public ECGenParameterSpec curve() {
        return new ECGenParameterSpec(curve);
    }

    /** The JCA signature algorithm name (Bouncy Castle). */
    public String signatureAlgorithm() {
        return signature;
    }

    /** The algorithm of an EC public key, told apart by its curve's field size and generator. */
    public static KeyAlgorithm of(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) throw new IllegalArgumentException("not an EC key: " + key.getAlgorithm());
        // SM2's prime is FFFFFFFE...; P-256's is FFFFFFFF00000001...
        String prime = ((java.security.spec.ECFieldFp) ec.getParams().getCurve().getField()).getP().toString(16);
        return prime.startsWith("fffffffe") ? SM2 : EC;
    }
}
