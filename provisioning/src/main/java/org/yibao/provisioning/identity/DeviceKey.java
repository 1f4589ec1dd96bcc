package org.yibao.provisioning.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The device's own key pair, made on the device and never sent anywhere: its fingerprint
 * (lower-case hex SHA-256 of the public key's SubjectPublicKeyInfo DER) and PKCS#10 requests.
 */
public record DeviceKey(KeyPair pair, KeyAlgorithm algorithm) {
    public DeviceKey {
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** A fresh key pair on {@code algorithm}'s curve. */
    public static DeviceKey generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bc.provider());
            generator.initialize(algorithm.curve(), new SecureRandom());
            return new DeviceKey(generator.generateKeyPair(), algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle has both curves", e);
        }
    }

    /** This key's fingerprint. */
    public String fingerprint() {
        return fingerprint(pair.getPublic());
    }

    /** The fingerprint of any public key: lower-case hex SHA-256 of its encoded SubjectPublicKeyInfo. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** A certification request for this key with subject {@code CN=commonName, O=yibao-terminal}, self-signed by it. */
    public PKCS10CertificationRequest csr(String commonName) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName)
                .addRDN(BCStyle.O, "yibao-terminal").build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).setProvider(Bc.provider()).build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("signer for " + algorithm, e);
        }
    }
}
