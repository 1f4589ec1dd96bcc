package org.yibao.terminal.api.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;

/**
 * HTTPS for the local API: the server's certificate chain and private key, read from PEM files
 * (the forms OpenSSL writes), checked, and made into the {@link SSLContext} the server uses.
 *
 * <p>Promises: {@link #load} refuses, naming the file ({@link ApiTlsException#field()}), a file
 * that is missing, not a regular file, too large, unreadable or not PEM, a certificate file
 * without a certificate, a key that is encrypted, of a kind the JDK's TLS cannot use (SM2,
 * Ed25519, RSA-PSS: only EC on a standard curve and RSA), an RSA key under
 * {@value #MIN_RSA_BITS} bits, or not the key of the first certificate. A certificate outside its
 * validity, or a key file others may read, is not refused (a wrong clock must not stop the
 * counter) but named by {@link #warnings(Instant)}; one ending soon by {@link #renewalDue}.
 */
public final class ApiTls {
    private static final char[] NO_PASSWORD = new char[0];
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** RSA keys below this are refused (TLS 1.3's RSA-PSS cannot even sign with 512 bits). */
    static final int MIN_RSA_BITS = 2048;
    /** A certificate ending within this is to be replaced now. */
    public static final Duration RENEW_WITHIN = Duration.ofDays(30);
    /** The named curves the JDK's TLS signs with (an EC key on another curve, SM2's, or with explicit parameters, is refused). */
    private static final Set<ASN1ObjectIdentifier> TLS_CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

    private final Path certFile;
    private final Path keyFile;
    private final List<X509Certificate> chain;
    private final SSLContext context;

    private ApiTls(Path certFile, Path keyFile, List<X509Certificate> chain, SSLContext context) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.chain = List.copyOf(chain);
        this.context = context;
    }

    /** Reads and checks {@code certFile} (the chain, the server's own certificate first) and {@code keyFile}. */
    public static ApiTls load(Path certFile, Path keyFile) throws ApiTlsException {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        List<X509Certificate> chain = chain(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!pairs(key, chain.getFirst())) {
            throw new ApiTlsException(ApiTlsException.KEY, keyFile + " 的私钥与证书 " + certFile + " 不匹配（证书 "
                    + chain.getFirst().getSubjectX500Principal().getName() + "）");
        }
        return new ApiTls(certFile, keyFile, chain, context(key, chain));
    }

    /** The context the server's connections are made with. */
    public SSLContext context() {
        return context;
    }

    /** The TLS versions the server offers: 1.3 and 1.2. */
    public static String[] protocols() {
        return PROTOCOLS.clone();
    }

    /** Of {@code suites}, those with authenticated encryption: TLS 1.3's, and TLS 1.2's GCM and ChaCha20-Poly1305 ones. */
    public static String[] aeadOnly(String[] suites) {
        return Arrays.stream(suites)
                .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_") || s.contains("_GCM_") || s.contains("_CHACHA20_"))
                .toArray(String[]::new);
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** What the start-up log names: the certificate's subject and its last day. */
    public String describe() {
        X509Certificate leaf = certificate();
        return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant();
    }

    /** Whole days from {@code now} to the certificate's end (negative once it has ended). */
    public long daysLeft(Instant now) {
        return Duration.between(now, certificate().getNotAfter().toInstant()).toDays();
    }

    /** A reminder when the certificate, still valid at {@code now}, ends within {@link #RENEW_WITHIN}. */
    public Optional<String> renewalDue(Instant now) {
        Instant end = certificate().getNotAfter().toInstant();
        if (!now.isBefore(end) || !now.plus(RENEW_WITHIN).isAfter(end)) return Optional.empty();
        return Optional.of("接口证书 " + certFile + " 将于 " + end + " 到期（剩 " + daysLeft(now) + " 天），请尽快更换");
    }

    /** What is wrong but not refused at {@code now}: a certificate not yet or no longer valid, a key file others may read. */
    public List<String> warnings(Instant now) {
        List<String> warnings = new ArrayList<>();
        X509Certificate leaf = certificate();
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateException e) {
            warnings.add("接口证书 " + certFile + " 不在有效期内（" + leaf.getNotBefore().toInstant() + " 至 "
                    + leaf.getNotAfter().toInstant() + "），POS 主机将拒绝连接：请更换证书或核对本机时钟");
        }
        if (othersMayRead(keyFile)) warnings.add("接口私钥文件 " + keyFile + " 其他用户可读，应设为 0600 或 0640（chmod 600）");
        return warnings;
    }

    private static List<X509Certificate> chain(Path file) throws ApiTlsException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object o : PemFile.objects(file, ApiTlsException.CERT)) {
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new ApiTlsException(ApiTlsException.CERT, file + " 中有证书以外的内容（应只含 PEM 证书链，本机证书在前）");
            }
            try {
                chain.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (CertificateException e) {
                throw new ApiTlsException(ApiTlsException.CERT, file + " 中的证书无法解析（已损坏，或为 JDK 的 TLS 不支持的证书，如 SM2 或显式曲线参数的证书；请用 P-256/P-384/P-521 或 RSA）："
                        + e.getMessage());
            }
        }
        if (chain.isEmpty()) throw new ApiTlsException(ApiTlsException.CERT, file + " 不含 PEM 证书（-----BEGIN CERTIFICATE-----）");
        return chain;
    }

    private static PrivateKey privateKey(Path file) throws ApiTlsException {
        // `openssl ecparam -genkey` writes the curve's EC PARAMETERS block before the key: not a second key
        List<Object> objects = PemFile.objects(file, ApiTlsException.KEY).stream()
                .filter(o -> !(o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters)).toList();
        if (objects.size() != 1) {
            throw new ApiTlsException(ApiTlsException.KEY, file + " 应只含一把 PEM 私钥（证书另放 cert 文件），实有 " + objects.size() + " 项");
        }
        PrivateKeyInfo info = switch (objects.getFirst()) {
            case PrivateKeyInfo pkcs8 -> pkcs8;
            case PEMKeyPair pair -> pair.getPrivateKeyInfo();
            default -> throw new ApiTlsException(ApiTlsException.KEY, file
                    + " 不是未加密的私钥（应为 -----BEGIN PRIVATE KEY-----、EC PRIVATE KEY 或 RSA PRIVATE KEY；加密的私钥请先解密并设文件权限 0600）");
        };
        return jdkKey(file, info);
    }

    /** The key as the JDK's own providers hold it: only those are sure to serve TLS. */
    private static PrivateKey jdkKey(Path file, PrivateKeyInfo info) throws ApiTlsException {
        var algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String kind = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm) ? "EC"
                : PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) ? "RSA" : null;
        if (kind == null) {
            throw new ApiTlsException(ApiTlsException.KEY, file + " 的私钥类型（" + algorithm + "）不能用于 TLS：请用 EC（P-256/P-384/P-521）或 RSA（rsaEncryption，至少 2048 位）私钥");
        }
        if ("EC".equals(kind) && !TLS_CURVES.contains(info.getPrivateKeyAlgorithm().getParameters())) {
            throw new ApiTlsException(ApiTlsException.KEY, file + " 的私钥曲线不能用于 TLS（SM2 等曲线 JDK 的 TLS 不支持）：请用 P-256、P-384 或 P-521");
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(kind).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new ApiTlsException(ApiTlsException.KEY, file + " 的私钥无法读取：" + e.getMessage());
        }
        if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new ApiTlsException(ApiTlsException.KEY, file + " 的 RSA 私钥仅 " + rsa.getModulus().bitLength() + " 位，至少须 "
                    + MIN_RSA_BITS + " 位");
        }
        return key;
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean pairs(PrivateKey key, X509Certificate certificate) throws ApiTlsException {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another kind than the certificate's
        }
    }

    private static SSLContext context(PrivateKey key, List<X509Certificate> chain) throws ApiTlsException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("api", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ApiTlsException(ApiTlsException.CERT, "接口证书与私钥无法组成 TLS 配置：" + e.getMessage());
        }
    }

    private static boolean othersMayRead(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) return false;
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            return permissions.contains(PosixFilePermission.OTHERS_READ); // root:yibao 0640 is the service's own group
        } catch (IOException e) {
            return false;
        }
    }
}
