package org.yibao.provisioning.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM encoding and decoding of keys, certificates and CSRs (Bouncy Castle). */
public final class Pem {
    private Pem() {
    }

    /** Any of PrivateKey, PublicKey, X509Certificate, PKCS10CertificationRequest as PEM text. */
    public static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
            else pem.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("PEM to a string cannot fail", e);
        }
        return out.toString();
    }

    private static Object read(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) throw new IOException("不是 PEM 格式");
            return o;
        }
    }

    /** A PKCS#8 private key. */
    public static PrivateKey privateKey(String pem) throws IOException {
        Object o = read(pem);
        if (o instanceof PrivateKeyInfo info) return new JcaPEMKeyConverter().setProvider(Bc.provider()).getPrivateKey(info);
        if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) return new JcaPEMKeyConverter().setProvider(Bc.provider()).getPrivateKey(pair.getPrivateKeyInfo());
        throw new IOException("不是 PKCS#8 私钥");
    }

    /** A SubjectPublicKeyInfo public key. */
    public static PublicKey publicKey(String pem) throws IOException {
        Object o = read(pem);
        if (o instanceof SubjectPublicKeyInfo info) return new JcaPEMKeyConverter().setProvider(Bc.provider()).getPublicKey(info);
        throw new IOException("不是公钥");
    }

    /** An X.509 certificate. */
    public static X509Certificate certificate(String pem) throws IOException {
        Object o = read(pem);
        if (!(o instanceof X509CertificateHolder holder)) throw new IOException("不是证书");
        try {
            return new JcaX509CertificateConverter().setProvider(Bc.provider()).getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException("证书无法解析：" + e.getMessage(), e);
        }
    }

    /** A PKCS#10 certification request. */
    public static PKCS10CertificationRequest csr(String pem) throws IOException {
        Object o = read(pem);
        if (o instanceof PKCS10CertificationRequest csr) return csr;
        throw new IOException("不是证书申请（CSR）");
    }
}
