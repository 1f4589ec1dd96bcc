package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.identity.Bc;

/** The API's certificate and key as a technician would hand them over: PEM files from OpenSSL, and every way they go wrong. */
class ApiTlsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir Path dir;

    @Test void aP256KeyInPkcs8OrTraditionalFormAndAnRsaKeyAreTaken() throws Exception {
        TlsTestFiles ec = TlsTestFiles.ec();
        Path cert = ec.writeCertificate(dir.resolve("api.crt"));
        assertEquals(ec.certificate, ApiTls.load(cert, ec.writeKey(dir.resolve("api.key"))).certificate());
        assertEquals(ec.certificate, ApiTls.load(cert, ec.writeTraditionalKey(dir.resolve("api-ec.key"))).certificate());

        TlsTestFiles rsa = TlsTestFiles.rsa(NOW.minusSeconds(60), NOW.plusSeconds(86_400));
        ApiTls tls = ApiTls.load(rsa.writeCertificate(dir.resolve("rsa.crt")), rsa.writeTraditionalKey(dir.resolve("rsa.key")));
        assertTrue(tls.describe().startsWith("CN=terminal-api-test, valid until "), tls.describe());
        assertEquals(List.of(), tls.warnings(NOW));
    }

    /** {@code openssl ecparam -name prime256v1 -genkey} writes an EC PARAMETERS block before the key: still one key. */
    @Test void aKeyFileWithItsCurvesParametersFirstIsTaken() throws Exception {
        Path key = dir.resolve("ecparam.key");
        Process openssl = new ProcessBuilder("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, openssl.waitFor(), new String(openssl.getInputStream().readAllBytes()));
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PARAMETERS-----"), Files.readString(key));
        Path cert = dir.resolve("ecparam.crt");
        Process req = new ProcessBuilder("openssl", "req", "-x509", "-key", key.toString(), "-subj", "/CN=ecparam", "-days", "30",
                "-out", cert.toString()).redirectErrorStream(true).start();
        assertEquals(0, req.waitFor(), new String(req.getInputStream().readAllBytes()));
        assertEquals("CN=ecparam", ApiTls.load(cert, key).certificate().getSubjectX500Principal().getName());
    }

    @Test void aKeyThatIsNotTheCertificatesIsRefusedNamingTheKeyFile() throws Exception {
        Path cert = TlsTestFiles.ec().writeCertificate(dir.resolve("api.crt"));
        Path other = TlsTestFiles.ec().writeKey(dir.resolve("other.key"));
        ApiTlsException e = assertThrows(ApiTlsException.class, () -> ApiTls.load(cert, other));
        assertEquals(ApiTlsException.KEY, e.field());
        assertTrue(e.getMessage().contains("不匹配") && e.getMessage().contains("other.key"), e.getMessage());

        Path rsaKey = TlsTestFiles.rsa(NOW, NOW.plusSeconds(60)).writeKey(dir.resolve("rsa.key"));
        assertEquals(ApiTlsException.KEY, assertThrows(ApiTlsException.class, () -> ApiTls.load(cert, rsaKey)).field(),
                "an RSA key for an EC certificate");
    }

    @Test void missingFilesAndFilesOfTheWrongKindAreRefusedEachNamingItsFile() throws Exception {
        TlsTestFiles ec = TlsTestFiles.ec();
        Path cert = ec.writeCertificate(dir.resolve("api.crt"));
        Path key = ec.writeKey(dir.resolve("api.key"));

        assertRefused(ApiTlsException.CERT, "不存在", dir.resolve("missing.crt"), key);
        assertRefused(ApiTlsException.KEY, "不存在", cert, dir.resolve("missing.key"));
        assertRefused(ApiTlsException.CERT, "证书以外", key, key);
        assertRefused(ApiTlsException.CERT, "不是 PEM 文件", Files.writeString(dir.resolve("empty.crt"), "not a certificate\n"), key);
        assertRefused(ApiTlsException.KEY, "不是未加密的私钥", cert, cert);
        Path two = Files.writeString(dir.resolve("two.key"), Files.readString(key) + Files.readString(key));
        assertRefused(ApiTlsException.KEY, "应只含一把", cert, two);
        Path cut = Files.writeString(dir.resolve("cut.key"), Files.readString(key).substring(0, 60));
        assertRefused(ApiTlsException.KEY, "不是完整或可识别的 PEM", cert, cut);
    }

    /** What a technician may point the files at by mistake: each refused at once, saying what it is, never read whole or waited on. */
    @Test void specialFilesFoldersHugeFilesAndDerAreRefusedSayingWhatTheyAre() throws Exception {
        TlsTestFiles ec = TlsTestFiles.ec();
        Path cert = ec.writeCertificate(dir.resolve("api.crt"));
        Path key = ec.writeKey(dir.resolve("api.key"));
        assertRefused(ApiTlsException.CERT, "不是普通文件", Path.of("/dev/zero"), key);
        assertRefused(ApiTlsException.CERT, "不是普通文件", dir, key);
        Path fifo = dir.resolve("key.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertRefused(ApiTlsException.KEY, "不是普通文件", cert, fifo);
        Path huge = Files.write(dir.resolve("huge.crt"), new byte[(int) PemFile.MAX_FILE_BYTES + 1]);
        assertRefused(ApiTlsException.CERT, "过大", huge, key);
        Path der = Files.write(dir.resolve("api.der"), ec.certificate.getEncoded());
        assertRefused(ApiTlsException.CERT, "不是 PEM 文件", der, key);
    }

    @Test void aPemSavedWithAByteOrderMarkIsTaken() throws Exception {
        TlsTestFiles ec = TlsTestFiles.ec();
        Path cert = Files.writeString(dir.resolve("bom.crt"), "\uFEFF" + Files.readString(ec.writeCertificate(dir.resolve("api.crt"))));
        assertEquals(ec.certificate, ApiTls.load(cert, ec.writeKey(dir.resolve("api.key"))).certificate());
    }

    @Test void anRsaKeyUnder2048BitsIsRefused() throws Exception {
        TlsTestFiles weak = TlsTestFiles.rsa(NOW.minusSeconds(60), NOW.plusSeconds(86_400), 1024);
        assertRefused(ApiTlsException.KEY, "至少须 2048 位", weak.writeCertificate(dir.resolve("weak.crt")), weak.writeKey(dir.resolve("weak.key")));
    }

    @Test void anEncryptedKeyIsRefusedSayingSo() throws Exception {
        TlsTestFiles ec = TlsTestFiles.ec();
        Path cert = ec.writeCertificate(dir.resolve("api.crt"));
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(Bc.provider())
                .setPassword("secret-pass".toCharArray()).build();
        Path key = Files.writeString(dir.resolve("enc.key"), TlsTestFiles.pem(new JcaPKCS8Generator(ec.keys.getPrivate(), encryptor)));
        assertRefused(ApiTlsException.KEY, "加密", cert, key);
    }

    @Test void anSm2KeyIsRefusedBecauseTheJdksTlsCannotUseIt() throws Exception {
        KeyPairGenerator sm2 = KeyPairGenerator.getInstance("EC", Bc.provider());
        sm2.initialize(new ECGenParameterSpec("sm2p256v1"));
        Path key = Files.writeString(dir.resolve("sm2.key"), TlsTestFiles.pem(new JcaPKCS8Generator(sm2.generateKeyPair().getPrivate(), null)));
        Path cert = TlsTestFiles.ec().writeCertificate(dir.resolve("api.crt"));
        assertRefused(ApiTlsException.KEY, "SM2", cert, key);
    }

    @Test void aCertificateOutOfItsValidityAndAKeyOthersMayReadAreWarnedOfNotRefused() throws Exception {
        TlsTestFiles old = TlsTestFiles.ec(NOW.minusSeconds(2 * 86_400), NOW.minusSeconds(86_400));
        Path key = old.writeKey(dir.resolve("api.key"));
        ApiTls tls = ApiTls.load(old.writeCertificate(dir.resolve("api.crt")), key);
        assertEquals(1, tls.warnings(NOW).size(), tls.warnings(NOW).toString());
        assertTrue(tls.warnings(NOW).getFirst().contains("不在有效期内"), tls.warnings(NOW).toString());
        assertEquals(List.of(), tls.warnings(NOW.minusSeconds(86_400 + 3_600)), "inside its validity");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(List.of(), tls.warnings(NOW.minusSeconds(86_400 + 3_600)), "0640, root and the service's group, is fine");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = tls.warnings(NOW.minusSeconds(86_400 + 3_600));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("0600"), warnings.toString());
    }

    /** Within 30 days of its end a valid certificate is due for renewal (the service logs it daily, selftest shows it). */
    @Test void aCertificateEndingWithin30DaysIsDueForRenewal() throws Exception {
        TlsTestFiles ec = TlsTestFiles.ec(NOW.minusSeconds(86_400), NOW.plus(Duration.ofDays(40)));
        ApiTls tls = ApiTls.load(ec.writeCertificate(dir.resolve("api.crt")), ec.writeKey(dir.resolve("api.key")));
        assertTrue(tls.renewalDue(NOW).isEmpty(), "40 days left");
        assertEquals(39, tls.daysLeft(NOW.plusSeconds(3_600)));
        Instant later = NOW.plus(Duration.ofDays(15));
        assertTrue(tls.renewalDue(later).orElseThrow().contains("剩 25 天"), tls.renewalDue(later).toString());
        assertTrue(tls.renewalDue(NOW.plus(Duration.ofDays(41))).isEmpty(), "ended: a warning of its own, not a reminder");
        assertEquals(1, tls.warnings(NOW.plus(Duration.ofDays(41))).size());
    }

    private static void assertRefused(String field, String says, Path cert, Path key) {
        ApiTlsException e = assertThrows(ApiTlsException.class, () -> ApiTls.load(cert, key));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
