package org.yibao.terminal.identity.trust;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

import java.util.Optional;

/**
 * The curve behind each {@link KeyAlg}: sm2p256v1 for SM2, secp256r1 (P-256) for ES256. Uses
 * Bouncy Castle's specialised curve arithmetic, which is what makes verification fast.
 */
public final class EcCurves {
    private static final ECNamedDomainParameters SM2 = named(GMObjectIdentifiers.sm2p256v1);
    private static final ECNamedDomainParameters P256 = named(SECObjectIdentifiers.secp256r1);

    private EcCurves() {
    }

    /** The named domain parameters of the curve {@code alg} signs on. */
    public static ECNamedDomainParameters domain(KeyAlg alg) {
        return switch (alg) {
            case SM2 -> SM2;
            case ES256 -> P256;
        };
    }

    /** The algorithm whose curve has this OID; empty for any other curve. */
    public static Optional<KeyAlg> algOf(ASN1ObjectIdentifier curveOid) {
        if (SM2.getName().equals(curveOid)) {
            return Optional.of(KeyAlg.SM2);
        }
        if (P256.getName().equals(curveOid)) {
            return Optional.of(KeyAlg.ES256);
        }
        return Optional.empty();
    }

    private static ECNamedDomainParameters named(ASN1ObjectIdentifier oid) {
        X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
        return new ECNamedDomainParameters(oid, x9);
    }
}
