package org.yibao.terminal.identity.voucher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Keys, trust files and vouchers for the voucher tests, all made with the real code. */
public final class VoucherFixtures {
    public static final long NOW = 1_800_000_000L;
    public static final SecureRandom RANDOM = new SecureRandom();
    public static final ReferenceSigningKey SM2 = ReferenceSigningKey.generate(KeyAlg.SM2, RANDOM);
    public static final ReferenceSigningKey ES256 = ReferenceSigningKey.generate(KeyAlg.ES256, RANDOM);
    /** A key no trust file names. */
    public static final ReferenceSigningKey STRANGER = ReferenceSigningKey.generate(KeyAlg.SM2, RANDOM);
    public static final String REVOKED_TOKEN = "REVOKED-" + "t".repeat(40);
    public static final String REVOKED_PSN = "43000099999999";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NONCES = new AtomicInteger();

    private VoucherFixtures() {
    }

    /** The trust file of the tests: sm2-1, es-1 valid; sm2-old expired; sm2-next not yet valid. */
    public static String standardTrustJson() {
        return trustJson(List.of(
                entry("sm2-1", SM2, 0, 9_999_999_999L),
                entry("es-1", ES256, 0, 9_999_999_999L),
                entry("sm2-old", SM2, 0, NOW - 1_000),
                entry("sm2-next", SM2, NOW + 1_000, 9_999_999_999L)), List.of(REVOKED_TOKEN), List.of(REVOKED_PSN));
    }

    public static TrustFile standardTrust() {
        return TrustFileReader.parse(standardTrustJson().getBytes(StandardCharsets.UTF_8));
    }

    public static ObjectNode entry(String kid, ReferenceSigningKey key, long notBefore, long notAfter) {
        return JSON.createObjectNode().put("kid", kid).put("alg", key.alg().name())
                .put("public_key_pem", key.publicPem()).put("not_before", notBefore).put("not_after", notAfter);
    }

    public static String trustJson(List<ObjectNode> keys, List<String> tokens, List<String> psnNos) {
        ObjectNode root = JSON.createObjectNode().put("version", "2026-11-01T00:00:00Z");
        ArrayNode array = root.putArray("keys");
        keys.forEach(array::add);
        ObjectNode revoked = root.putObject("revoked");
        tokens.forEach(revoked.putArray("ec_tokens")::add);
        psnNos.forEach(revoked.putArray("psn_nos")::add);
        return root.toString();
    }

    /** A fresh, unique nonce (24 chars). */
    public static String nonce() {
        return String.format("n%07d-%016x", NONCES.incrementAndGet(), RANDOM.nextLong());
    }

    public static Payload payload() {
        return new Payload();
    }

    /** A valid payload at {@link #NOW}, each field changeable. */
    public static final class Payload {
        public String ecToken = "ECT0123456789abcdef0123456789abcdef0123456789ABCD";
        public String psnNo = "43000012345678";
        public String psnName = "张*丰";
        public String certType = "01";
        public String certnoTail = "123X";
        public String admdvs = "430100";
        public String insutype = "310";
        public String psnType = "11";
        public String biz = "02121";
        public long iat = NOW - 10;
        public long exp = NOW + 110;
        public String nonce = nonce();

        public VoucherPayload build() {
            return new VoucherPayload(1, ecToken, psnNo, psnName, certType, certnoTail, admdvs, insutype, psnType,
                    biz, iat, exp, nonce);
        }

        public ObjectNode json() {
            try {
                return (ObjectNode) JSON.readTree(VoucherJson.write(build()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static String issue(ReferenceSigningKey key, String kid, Payload payload) {
        return new ReferenceVoucherIssuer(key, kid).issue(payload.build());
    }

    public static String header(String alg, String kid) {
        return JSON.createObjectNode().put("alg", alg).put("kid", kid).put("typ", "YBEC").toString();
    }
}
