package org.yibao.terminal.identity.voucher;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.yibao.terminal.identity.trust.EcCurves;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.trust.PublicKeyPem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * FOR TESTING AND THE REFERENCE CENTRE ONLY: a platform signing key (SM2 or P-256) that makes
 * YBEC1 vouchers. A terminal never holds one; it only verifies. Private keys are PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}), public keys X.509 PEM as the trust file wants them.
 */
public final class ReferenceSigningKey {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private final KeyAlg alg;
    private final ECPrivateKeyParameters privateKey;
    private final ECPublicKeyParameters publicKey;
    private final SecureRandom random;

    private ReferenceSigningKey(KeyAlg alg, ECPrivateKeyParameters privateKey, SecureRandom random) {
        this.alg = alg;
        this.privateKey = privateKey;
        this.publicKey = new ECPublicKeyParameters(
                privateKey.getParameters().getG().multiply(privateKey.getD()).normalize(), privateKey.getParameters());
        this.random = random;
    }

    /** A fresh key pair on the curve of {@code alg}. */
    public static ReferenceSigningKey generate(KeyAlg alg, SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(EcCurves.domain(alg), random));
        return new ReferenceSigningKey(alg, (ECPrivateKeyParameters) generator.generateKeyPair().getPrivate(), random);
    }

    /**
     * The key in a PKCS#8 PEM text; its curve decides the algorithm.
     *
     * @throws IllegalArgumentException when the text is not an EC private key on either curve
     */
    public static ReferenceSigningKey readPem(String pem, SecureRandom random) {
        String text = Objects.requireNonNull(pem, "pem").strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("not a -----BEGIN PRIVATE KEY----- PEM");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(Base64.getDecoder().decode(body));
        KeyAlg alg = curveAlg(info.getPrivateKeyAlgorithm());
        try {
            BigInteger d = ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
            return new ReferenceSigningKey(alg, new ECPrivateKeyParameters(d, EcCurves.domain(alg)), random);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable EC private key", e);
        }
    }

    public KeyAlg alg() {
        return alg;
    }

    /** The private key as PKCS#8 PEM. */
    public String privatePem() {
        try {
            byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded("DER");
            String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
            return BEGIN + "\n" + b64 + "\n" + END + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public key as X.509 PEM, for the trust file's {@code public_key_pem}. */
    public String publicPem() {
        return PublicKeyPem.write(publicKey);
    }

    /** The DER signature of {@code message}: SM3withSM2 (default id) or SHA256withECDSA. */
    public byte[] sign(byte[] message) {
        Signer signer = switch (alg) {
            case SM2 -> new SM2Signer(StandardDSAEncoding.INSTANCE, new SM3Digest());
            case ES256 -> new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
                    new SHA256Digest(), StandardDSAEncoding.INSTANCE);
        };
        signer.init(true, alg == KeyAlg.SM2 ? new ParametersWithRandom(privateKey, random) : privateKey);
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    private static KeyAlg curveAlg(AlgorithmIdentifier algorithm) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
            throw new IllegalArgumentException("not an EC private key on a named curve");
        }
        return EcCurves.algOf(curve)
                .orElseThrow(() -> new IllegalArgumentException("curve " + curve + " is neither sm2p256v1 nor P-256"));
    }
}
