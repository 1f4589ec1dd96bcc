package org.yibao.terminal.identity.voucher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * Vouchers signed outside this project (the JDK's ECDSA, Bouncy Castle's JCA SM3withSM2, the
 * openssl command) verify: spec §1 names the algorithms (SM2 with the default id
 * 1234567812345678, ES256), both DER, over the ASCII bytes {@code YBEC1.<header>.<payload>}.
 */
class VoucherInteropTest {
    @TempDir Path dir;
    private SqliteReplayStore store;

    @BeforeEach void open() {
        store = SqliteReplayStore.open(dir.resolve("state"));
    }

    @AfterEach void close() {
        store.close();
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private VoucherOutcome verify(String alg, String publicPem, String qr) {
        String trust = "{\"version\":\"v\",\"keys\":[{\"kid\":\"k1\",\"alg\":\"" + alg + "\",\"public_key_pem\":"
                + new com.fasterxml.jackson.databind.node.TextNode(publicPem) + ",\"not_before\":0,\"not_after\":9999999999}]}";
        return new Ybec1Verifier(TrustFileReader.parse(trust.getBytes(StandardCharsets.UTF_8)), store,
                Ybec1Verifier.DEFAULT_SKEW).decode(qr, Instant.ofEpochSecond(VoucherFixtures.NOW));
    }

    private static String signedPart(String alg) {
        return Ybec1Text.PREFIX + Base64Url.encode(VoucherFixtures.header(alg, "k1").getBytes(StandardCharsets.UTF_8))
                + "." + Base64Url.encode(VoucherFixtures.payload().json().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] jcaSign(String algorithm, java.security.Provider provider, PrivateKey key, String text)
            throws Exception {
        Signature signer = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        signer.initSign(key);
        signer.update(text.getBytes(StandardCharsets.US_ASCII));
        return signer.sign();
    }

    @Test void es256SignedByTheJdkVerifies() throws Exception {
        KeyPair pair = keyPair("secp256r1", null);
        String signed = signedPart("ES256");
        String qr = signed + "." + Base64Url.encode(jcaSign("SHA256withECDSA", null, pair.getPrivate(), signed));
        VoucherOutcome outcome = verify("ES256", pem(pair.getPublic()), qr);
        assertInstanceOf(VoucherOutcome.Accepted.class, outcome, outcome::toString);
    }

    @Test void es256AsRawRAndSIsRefused() throws Exception {
        KeyPair pair = keyPair("secp256r1", null);
        String signed = signedPart("ES256");
        ASN1Sequence der = ASN1Sequence.getInstance(jcaSign("SHA256withECDSA", null, pair.getPrivate(), signed));
        byte[] raw = new byte[64];
        fixed(((ASN1Integer) der.getObjectAt(0)).getValue(), raw, 0);
        fixed(((ASN1Integer) der.getObjectAt(1)).getValue(), raw, 32);
        VoucherOutcome outcome = verify("ES256", pem(pair.getPublic()), signed + "." + Base64Url.encode(raw));
        assertEquals(VoucherReason.BAD_SIGNATURE, assertInstanceOf(VoucherOutcome.Refused.class, outcome).refusal().reason());
    }

    /** An EC key pair on {@code curve}, from {@code provider} (null: the JDK's). */
    private static KeyPair keyPair(String curve, java.security.Provider provider) throws Exception {
        KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static void fixed(BigInteger value, byte[] out, int at) {
        byte[] b = value.toByteArray();
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, at + 32 - n, n);
    }

    @Test void sm2SignedByBouncyCastlesJcaWithTheDefaultIdVerifies() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPair pair = keyPair("sm2p256v1", bc);
        String signed = signedPart("SM2");
        String qr = signed + "." + Base64Url.encode(jcaSign("SM3withSM2", bc, pair.getPrivate(), signed));
        VoucherOutcome outcome = verify("SM2", pem(pair.getPublic()), qr);
        assertInstanceOf(VoucherOutcome.Accepted.class, outcome, outcome::toString);
    }

    @Test void sm2AndEs256SignedByTheOpensslCommandVerify() throws Exception {
        assertEquals(0, run("openssl", "version"), "openssl (installed by .ci/install-test-packages)");
        for (String[] alg : List.of(new String[] {"SM2", "SM2", "-sm3"}, new String[] {"ES256", "EC", "-sha256"})) {
            Path key = dir.resolve(alg[0] + ".key");
            Path pub = dir.resolve(alg[0] + ".pub");
            Path message = dir.resolve(alg[0] + ".msg");
            Path signature = dir.resolve(alg[0] + ".sig");
            if (alg[0].equals("SM2")) {
                assertEquals(0, run("openssl", "genpkey", "-algorithm", "SM2", "-out", key.toString()));
            } else {
                assertEquals(0, run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-out", key.toString()));
            }
            assertEquals(0, run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString()));
            String signed = signedPart(alg[0]);
            Files.writeString(message, signed, StandardCharsets.US_ASCII);
            List<String> sign = new java.util.ArrayList<>(List.of("openssl", "dgst", alg[2], "-sign", key.toString(),
                    "-out", signature.toString()));
            if (alg[0].equals("SM2")) {
                sign.addAll(List.of("-sigopt", "distid:1234567812345678")); // OpenSSL 3.0's own default id is empty
            }
            sign.add(message.toString());
            assertEquals(0, run(sign.toArray(String[]::new)));
            String qr = signed + "." + Base64Url.encode(Files.readAllBytes(signature));
            VoucherOutcome outcome = verify(alg[0], Files.readString(pub), qr);
            assertInstanceOf(VoucherOutcome.Accepted.class, outcome, () -> alg[0] + " " + outcome);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return -1;
        }
        if (!p.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

}
