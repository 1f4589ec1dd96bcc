package org.yibao.terminal.identity.trust;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.yibao.terminal.domain.RefusedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads and writes {@code -----BEGIN PUBLIC KEY-----} PEM (X.509 SubjectPublicKeyInfo) for
 * the two EC curves. Reading is strict: one block, standard base64, DER with nothing after
 * it, id-ecPublicKey with a named curve, a point on that curve.
 */
public final class PublicKeyPem {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeyPem() {
    }

    /** The key in {@code pem} ready to verify; refused with {@link TrustReason#BAD_PEM}. */
    public static SignatureCheck read(String pem) {
        byte[] der = pemBody(pem).orElseThrow(() -> bad("不是一个 PUBLIC KEY 块"));
        SubjectPublicKeyInfo spki = spki(der);
        try {
            KeyAlg alg = curveAlg(spki.getAlgorithm());
            ECNamedDomainParameters domain = EcCurves.domain(alg);
            return new SignatureCheck(alg, new ECPublicKeyParameters(point(domain, spki), domain));
        } catch (RefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw bad("公钥结构无法解析");
        }
    }

    /** The PEM text of an EC public key (named curve). */
    public static String write(ECPublicKeyParameters key) {
        try {
            byte[] der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded("DER");
            return Pem.wrap("PUBLIC KEY", der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<byte[]> pemBody(String pem) {
        return Pem.body(pem, BEGIN, END);
    }

    private static SubjectPublicKeyInfo spki(byte[] der) {
        try {
            return SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw bad("不是 DER 编码的 SubjectPublicKeyInfo");
        }
    }

    private static KeyAlg curveAlg(AlgorithmIdentifier algorithm) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
            throw bad("不是命名曲线上的 EC 公钥");
        }
        return EcCurves.algOf(curve).orElseThrow(() -> bad("曲线 " + curve + " 既不是 sm2p256v1 也不是 P-256"));
    }

    /**
     * The point, uncompressed (04) or compressed (02, 03) as RFC 5480 allows. X9.62's hybrid form
     * (06, 07), which Bouncy Castle would decode, is refused: a centre publishes 04, and an 04
     * with one bit flipped to 06 or 07 is a corrupt file, not a key to trust. So is a BIT STRING
     * whose unused-bits count is not 0 (one changed byte of the DER can do that).
     */
    private static ECPoint point(ECNamedDomainParameters domain, SubjectPublicKeyInfo spki) {
        if (spki.getPublicKeyData().getPadBits() != 0) {
            throw bad("公钥位串的未用位数不为 0");
        }
        byte[] octets = spki.getPublicKeyData().getOctets();
        if (octets.length == 0 || octets[0] < 0x02 || octets[0] > 0x04) {
            throw bad("公钥点编码不是未压缩（04）或压缩（02、03）形式");
        }
        try {
            ECPoint q = domain.getCurve().decodePoint(octets);
            return domain.validatePublicPoint(q);
        } catch (RuntimeException e) {
            throw bad("公钥点不在曲线上");
        }
    }

    private static RefusedException bad(String detail) {
        return new RefusedException(TrustReason.BAD_PEM, detail);
    }

    /** PEM framing shared by the public and private key readers. */
    static final class Pem {
        private Pem() {
        }

        static Optional<byte[]> body(String pem, String begin, String end) {
            if (pem == null) {
                return Optional.empty();
            }
            String text = pem.strip();
            if (!text.startsWith(begin) || !text.endsWith(end) || text.length() < begin.length() + end.length()) {
                return Optional.empty();
            }
            String body = text.substring(begin.length(), text.length() - end.length()).replaceAll("[\\r\\n\\t ]", "");
            if (body.isEmpty() || body.contains("-")) {
                return Optional.empty();
            }
            try {
                return Optional.of(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        static String wrap(String label, byte[] der) {
            String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
            return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
        }
    }
}
