package org.yibao.provisioning.bundle;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;

/**
 * The centre's provisioning root private key (the REFERENCE centre's side: tests and the bench),
 * with the public key it implies, which is what a device installs with {@code provision root}.
 * Only a P-256 or SM2 key is accepted, the two a device verifies bundles with.
 */
public record RootSigningKey(PrivateKey privateKey, PublicKey publicKey, KeyAlgorithm algorithm) {

    /** Reads a PKCS#8 PEM private key; IOException (Chinese reason) for anything else or another curve. */
    public static RootSigningKey fromPem(String pem) throws IOException {
        PrivateKey key;
        try {
            key = Pem.privateKey(pem);
        } catch (IOException | RuntimeException e) {
            throw new IOException("不是 PKCS#8 PEM 格式的私钥", e);
        }
        if (!(key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec) || ec.getParameters() == null) {
            throw new IOException("须为 P-256 或 SM2 私钥，实为 " + key.getAlgorithm());
        }
        PublicKey publicKey = publicOf(ec);
        try {
            return new RootSigningKey(key, publicKey, KeyAlgorithm.of(publicKey)); // the whole curve, as provision root checks it
        } catch (IllegalArgumentException e) {
            throw new IOException("须为 P-256 或 SM2 私钥（其他曲线的密钥设备无法验证）", e);
        }
    }

    private static PublicKey publicOf(org.bouncycastle.jce.interfaces.ECPrivateKey ec) throws IOException {
        try {
            var q = ec.getParameters().getG().multiply(ec.getD()).normalize();
            return KeyFactory.getInstance("EC", Bc.provider()).generatePublic(new ECPublicKeySpec(q, ec.getParameters()));
        } catch (GeneralSecurityException e) {
            throw new IOException("无法由私钥得出公钥：" + e.getMessage(), e);
        }
    }

    /** The bundle file for {@code payload} (the exact bytes signed), as {@link BundleJson#sign} makes it. */
    public byte[] sign(byte[] payload) {
        return BundleJson.sign(payload, privateKey, algorithm);
    }

    /** The public key's fingerprint, as {@code provision root} prints it. */
    public String fingerprint() {
        return DeviceKey.fingerprint(publicKey);
    }
}
