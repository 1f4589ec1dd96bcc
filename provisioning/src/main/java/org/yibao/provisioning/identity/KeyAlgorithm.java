package org.yibao.provisioning.identity;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.math.ec.ECPoint;

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

    /**
     * The algorithm of an EC public key, by its whole curve (prime, coefficients, generator and
     * order) compared with P-256's and SM2's; a key on any other curve (secp256k1, say, whose
     * prime starts like SM2's) is an {@link IllegalArgumentException}.
     */
    public static KeyAlgorithm of(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) throw new IllegalArgumentException("not an EC key: " + key.getAlgorithm());
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.isCurveOf(ec.getParams())) return algorithm;
        }
        throw new IllegalArgumentException("not a P-256 or SM2 key");
    }

    private boolean isCurveOf(ECParameterSpec params) {
        ECNamedCurveParameterSpec named = ECNamedCurveTable.getParameterSpec(curve);
        if (!(params.getCurve().getField() instanceof ECFieldFp field)) return false;
        ECPoint g = named.getG().normalize();
        return field.getP().equals(named.getCurve().getField().getCharacteristic())
                && params.getCurve().getA().equals(named.getCurve().getA().toBigInteger())
                && params.getCurve().getB().equals(named.getCurve().getB().toBigInteger())
                && params.getGenerator().getAffineX().equals(g.getAffineXCoord().toBigInteger())
                && params.getGenerator().getAffineY().equals(g.getAffineYCoord().toBigInteger())
                && params.getOrder().equals(named.getN());
    }
}
