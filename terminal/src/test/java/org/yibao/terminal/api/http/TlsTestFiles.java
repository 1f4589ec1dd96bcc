package org.yibao.terminal.api.http;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys for the API's HTTPS, written as OpenSSL writes them: a self-signed
 * server certificate for 127.0.0.1 and localhost, and its private key as PKCS#8 or SEC1 PEM.
 */
public final class TlsTestFiles {
    public final KeyPair keys;
    public final X509Certificate certificate;

    private TlsTestFiles(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** An EC P-256 key and its certificate, valid from {@code from} to {@code to}. */
    public static TlsTestFiles ec(Instant from, Instant to) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return selfSigned(generator.generateKeyPair(), "SHA256withECDSA", from, to);
    }

    /** An RSA 2048 key and its certificate. */
    public static TlsTestFiles rsa(Instant from, Instant to) throws Exception {
        return rsa(from, to, 2048);
    }

    /** An RSA key of {@code bits} and its certificate. */
    public static TlsTestFiles rsa(Instant from, Instant to, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return selfSigned(generator.generateKeyPair(), "SHA256withRSA", from, to);
    }

    /** Valid for a year around now. */
    public static TlsTestFiles ec() throws Exception {
        Instant now = Instant.now();
        return ec(now.minusSeconds(86_400), now.plusSeconds(365 * 86_400L));
    }

    private static TlsTestFiles selfSigned(KeyPair keys, String signature, Instant from, Instant to) throws Exception {
        X500Name subject = new X500Name("CN=terminal-api-test");
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to),
                subject, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
        return new TlsTestFiles(keys, certificate);
    }

    /** The certificate as PEM in {@code file}. */
    public Path writeCertificate(Path file) throws IOException {
        return Files.writeString(file, pem(certificate));
    }

    /** The private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) in {@code file}, mode 0600. */
    public Path writeKey(Path file) throws IOException {
        return secret(file, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
    }

    /**
     * The private key in OpenSSL's traditional form ({@code BEGIN EC PRIVATE KEY} / {@code RSA
     * PRIVATE KEY}), mode 0600, written by the {@code openssl} command itself from the PKCS#8 form.
     */
    public Path writeTraditionalKey(Path file) throws IOException, InterruptedException {
        Path pkcs8 = writeKey(file.resolveSibling(file.getFileName() + ".pkcs8"));
        boolean ec = "EC".equals(keys.getPrivate().getAlgorithm());
        Process openssl = new ProcessBuilder(ec ? List.of("openssl", "ec", "-in", pkcs8.toString(), "-out", file.toString())
                : List.of("openssl", "rsa", "-traditional", "-in", pkcs8.toString(), "-out", file.toString()))
                .redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) throw new IOException("openssl: " + said);
        Files.delete(pkcs8);
        String text = Files.readString(file);
        if (!text.startsWith(ec ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----")) throw new IOException(text);
        return secret(file, text);
    }

    /** A client context that trusts this certificate alone. */
    public SSLContext trustingClient() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("api", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static Path secret(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
