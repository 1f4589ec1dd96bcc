package org.yibao.provisioning.bundle;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;

/**
 * The REFERENCE centre's certificate authority (tests and the demo, never production): a
 * self-signed CA that issues device client certificates from PKCS#10 requests after checking
 * the request's own signature (proof the requester holds the key).
 */
public record ReferenceCa(DeviceKey key, X509Certificate certificate) {

    /** A new CA named {@code CN=commonName} valid from {@code from} to {@code to}. */
    public static ReferenceCa create(KeyAlgorithm algorithm, String commonName, Instant from, Instant to) {
        DeviceKey key = DeviceKey.generate(algorithm);
        X500Name name = new X500Name("CN=" + commonName + ",O=yibao reference centre");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(from), Date.from(to),
                name, key.pair().getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return new ReferenceCa(key, build(builder, key));
    }

    /**
     * The CA kept in PEM files: its certificate and its PKCS#8 private key. Refuses (IOException,
     * with the reason) text that is not one of them, a certificate that is not a CA's, and a key
     * that is not the certificate's (it signs a probe that the certificate's key must verify).
     */
    public static ReferenceCa fromPem(String certificatePem, String privateKeyPem) throws IOException {
        X509Certificate certificate = Pem.certificate(certificatePem);
        PrivateKey privateKey = Pem.privateKey(privateKeyPem);
        if (certificate.getBasicConstraints() < 0) throw new IOException("该证书不是 CA 证书（basicConstraints CA:false）");
        KeyAlgorithm algorithm;
        try {
            algorithm = KeyAlgorithm.of(certificate.getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!signs(algorithm, privateKey, certificate.getPublicKey())) throw new IOException("私钥与 CA 证书不匹配");
        return new ReferenceCa(new DeviceKey(new KeyPair(certificate.getPublicKey(), privateKey), algorithm), certificate);
    }

    private static boolean signs(KeyAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "yibao reference CA key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm(), Bc.provider());
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm(), Bc.provider());
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Issues a client certificate for {@code csr}'s key; refuses (IllegalArgumentException) a CSR whose signature fails. */
    public X509Certificate issue(PKCS10CertificationRequest csr, Instant from, Instant to) {
        return issue(csr, csr.getSubject(), from, to);
    }

    /**
     * As {@link #issue(PKCS10CertificationRequest, Instant, Instant)}, with the subject the centre
     * chooses instead of the request's (a first bundle names the device, whatever CN its
     * {@code provision init} request carried).
     */
    public X509Certificate issue(PKCS10CertificationRequest csr, X500Name subject, Instant from, Instant to) {
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.provider()).build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("证书申请（CSR）的签名验证不通过");
            }
            var publicKey = new JcaPKCS10CertificationRequest(csr).setProvider(Bc.provider()).getPublicKey();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(from), Date.from(to),
                    subject, publicKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            return build(builder, key);
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | CertIOException e) {
            throw new IllegalArgumentException("无法为该证书申请签发证书：" + e.getMessage(), e);
        }
    }

    private static X509Certificate build(X509v3CertificateBuilder builder, DeviceKey signer) {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(signer.algorithm().signatureAlgorithm())
                    .setProvider(Bc.provider()).build(signer.pair().getPrivate());
            return new JcaX509CertificateConverter().setProvider(Bc.provider()).getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    /** The key pair (CA private key included). */
    public KeyPair keyPair() {
        return key.pair();
    }
}
