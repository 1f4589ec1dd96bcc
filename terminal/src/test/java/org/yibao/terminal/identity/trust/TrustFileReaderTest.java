package org.yibao.terminal.identity.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import org.yibao.terminal.identity.voucher.VoucherFixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.ES256;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.SM2;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.entry;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.trustJson;

/** Trust files are taken whole or refused whole. */
class TrustFileReaderTest {
    @TempDir Path dir;

    private static TrustFile parse(String json) {
        return TrustFileReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(TrustReason expected, String json) {
        RefusedException e = assertThrows(RefusedException.class, () -> parse(json));
        assertEquals(expected, e.refusal().reason(), e.getMessage());
    }

    private static String withKey(ObjectNode key) {
        return trustJson(List.of(key), List.of(), List.of());
    }

    @Test void readsKeysAndRevocations() {
        TrustFile trust = parse(VoucherFixtures.standardTrustJson());
        assertEquals("2026-11-01T00:00:00Z", trust.version());
        assertEquals(4, trust.keys().size());
        assertEquals(KeyAlg.SM2, trust.key("sm2-1").orElseThrow().alg());
        assertEquals(KeyAlg.ES256, trust.key("es-1").orElseThrow().alg());
        TrustedKey old = trust.key("sm2-old").orElseThrow();
        assertTrue(old.expiredAt(Instant.ofEpochSecond(VoucherFixtures.NOW - 999)));
        assertFalse(old.expiredAt(Instant.ofEpochSecond(VoucherFixtures.NOW - 1_000)));
        TrustedKey next = trust.key("sm2-next").orElseThrow();
        assertTrue(next.notYetValidAt(Instant.ofEpochSecond(VoucherFixtures.NOW + 999)));
        assertFalse(next.notYetValidAt(Instant.ofEpochSecond(VoucherFixtures.NOW + 1_000)));
        assertTrue(trust.revoked().tokenRevoked(VoucherFixtures.REVOKED_TOKEN));
        assertTrue(trust.revoked().personRevoked(VoucherFixtures.REVOKED_PSN));
        assertFalse(trust.revoked().personRevoked("43000012345678"));
    }

    @Test void revocationsMayBeAbsent() {
        TrustFile trust = parse("{\"version\":\"v1\",\"keys\":[]}");
        assertTrue(trust.keys().isEmpty());
        assertEquals(Revocations.NONE, trust.revoked());
    }

    @Test void unknownFieldsAndWrongTypesAreRefused() {
        assertRefused(TrustReason.BAD_FIELD, "{\"version\":\"v\",\"keys\":[],\"extra\":1}");
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, 0, 10).put("comment", "x")));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, 0, 10).put("not_before", "0")));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, 0, 10).put("not_after", 10.5)));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, 0, 10).put("kid", 7)));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("", SM2, 0, 10)));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k".repeat(65), SM2, 0, 10)));
        assertEquals(1, parse(withKey(entry("k".repeat(64), SM2, 0, 10))).keys().size());
        assertRefused(TrustReason.BAD_FIELD, withKey((ObjectNode) entry("k", SM2, 0, 10).without("public_key_pem")));
        assertRefused(TrustReason.BAD_FIELD, "{\"version\":\"v\",\"keys\":{}}");
        assertRefused(TrustReason.BAD_FIELD, "{\"version\":1,\"keys\":[]}");
        assertRefused(TrustReason.BAD_FIELD, "{\"keys\":[]}");
        assertRefused(TrustReason.BAD_FIELD, "{\"version\":\"v\",\"keys\":[],\"revoked\":{\"ec_tokens\":[1]}}");
        assertRefused(TrustReason.BAD_FIELD, "{\"version\":\"v\",\"keys\":[],\"revoked\":{\"cards\":[]}}");
        assertRefused(TrustReason.BAD_FIELD, "{\"version\":\"v\",\"keys\":[\"k\"]}");
    }

    @Test void notJsonIsRefused() {
        assertRefused(TrustReason.NOT_JSON, "keys: []");
        assertRefused(TrustReason.NOT_JSON, "[]");
        assertRefused(TrustReason.NOT_JSON, "{\"version\":\"v\",\"keys\":[]} trailing");
        assertRefused(TrustReason.NOT_JSON, "{\"version\":\"v\",\"version\":\"w\",\"keys\":[]}");
        assertRefused(TrustReason.NOT_JSON, "");
    }

    @Test void badPemIsRefused() throws Exception {
        assertRefused(TrustReason.BAD_PEM, withKey(entry("k", SM2, 0, 10).put("public_key_pem", "garbage")));
        String pem = SM2.publicPem();
        assertRefused(TrustReason.BAD_PEM, withKey(entry("k", SM2, 0, 10).put("public_key_pem", pem.substring(0, 60) + pem.substring(70))));
        String notOnCurve = pem.replace(pem.substring(100, 104), pem.substring(100, 104).equals("AAAA") ? "BBBB" : "AAAA");
        assertRefused(TrustReason.BAD_PEM, withKey(entry("k", SM2, 0, 10).put("public_key_pem", notOnCurve)));
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertRefused(TrustReason.BAD_PEM, withKey(entry("k", ES256, 0, 10).put("public_key_pem", pem(p384.generateKeyPair().getPublic().getEncoded()))));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertRefused(TrustReason.BAD_PEM, withKey(entry("k", ES256, 0, 10).put("public_key_pem", pem(rsa.generateKeyPair().getPublic().getEncoded()))));
        assertRefused(TrustReason.BAD_PEM, withKey(entry("k", SM2, 0, 10).put("public_key_pem", SM2.privatePem())));
    }

    /**
     * The point's first octet: 04 as published and 02 / 03 (compressed, the same point) are read;
     * X9.62's hybrid 06 / 07, one flipped bit away from 04, is refused (a property test found
     * Bouncy Castle decoding it as the same key).
     */
    @Test void onlyUncompressedOrCompressedPointsAreTrusted() throws Exception {
        for (ReferenceSigningKey key : List.of(SM2, ES256)) {
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(Base64.getMimeDecoder().decode(body(key.publicPem())));
            byte[] point = spki.getPublicKeyData().getOctets();
            boolean yOdd = (point[64] & 1) == 1;
            byte[] hybrid = point.clone();
            hybrid[0] = (byte) (yOdd ? 0x07 : 0x06);
            assertRefused(TrustReason.BAD_PEM, withKey(entry("k", key, 0, 10).put("public_key_pem", pem(spki, hybrid))));
            byte[] compressed = java.util.Arrays.copyOf(point, 33);
            compressed[0] = (byte) (yOdd ? 0x03 : 0x02);
            TrustFile read = parse(withKey(entry("k", key, 0, 10).put("public_key_pem", pem(spki, compressed))));
            assertEquals(key.alg(), read.key("k").orElseThrow().alg());
        }
    }

    /**
     * The key's BIT STRING with unused bits (one changed byte of the DER, found by the property
     * test in CI): refused 1565 like any bad PEM, never an unchecked error out of the reader.
     */
    @Test void aPointWithUnusedBitsIsRefused() throws Exception {
        for (ReferenceSigningKey key : List.of(SM2, ES256)) {
            byte[] der = Base64.getMimeDecoder().decode(body(key.publicPem()));
            int bitString = der.length - 66;
            assertEquals(0x03, der[bitString - 2], "the BIT STRING's tag");
            assertEquals(0x00, der[bitString], "its unused-bits octet");
            for (byte unused : new byte[] {1, 7, 8, (byte) 0xEA}) {
                byte[] changed = der.clone();
                changed[bitString] = unused;
                assertRefused(TrustReason.BAD_PEM, withKey(entry("k", key, 0, 10).put("public_key_pem", pem(changed))));
            }
        }
    }

    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String pem(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki, byte[] point) throws java.io.IOException {
        return pem(new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(spki.getAlgorithm(), point).getEncoded("DER"));
    }

    @Test void algMustMatchTheCurve() {
        assertRefused(TrustReason.ALG_CURVE_MISMATCH, withKey(entry("k", SM2, 0, 10).put("alg", "ES256")));
        assertRefused(TrustReason.ALG_CURVE_MISMATCH, withKey(entry("k", ES256, 0, 10).put("alg", "SM2")));
        assertRefused(TrustReason.UNSUPPORTED_ALG, withKey(entry("k", ES256, 0, 10).put("alg", "RS256")));
    }

    @Test void duplicateKidIsRefused() {
        assertRefused(TrustReason.DUPLICATE_KID, trustJson(List.of(entry("k", SM2, 0, 10), entry("k", ES256, 0, 10)),
                List.of(), List.of()));
    }

    @Test void validityMustBeAnInterval() {
        assertRefused(TrustReason.BAD_VALIDITY, withKey(entry("k", SM2, 11, 10)));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, -1, 10)));
    }

    /**
     * A window edge past 9999-12-31 is no time a key can be checked against: the verifier threw
     * DateTimeException for every voucher of a key with not_after 9223372036854775807, so such a
     * file (most likely milliseconds written for seconds) is refused at load.
     */
    @Test void windowEdgesEndAtTheYear9999() {
        assertEquals(TrustedKey.MAX_EPOCH_SECOND, parse(withKey(entry("k", SM2, 0, TrustedKey.MAX_EPOCH_SECOND)))
                .key("k").orElseThrow().notAfter());
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, 0, TrustedKey.MAX_EPOCH_SECOND + 1)));
        assertRefused(TrustReason.BAD_FIELD, withKey(entry("k", SM2, 0, Long.MAX_VALUE)));
        assertEquals("keys[0].not_before 超出范围，须不晚于 9999-12-31（253402300799）",
                detail(withKey(entry("k", SM2, 1_798_761_600_000L, 1_798_761_600_000L))));
    }

    @Test void readsFromAFileAndRefusesAMissingOrHugeOne() throws Exception {
        Path file = dir.resolve("trust.json");
        Files.writeString(file, VoucherFixtures.standardTrustJson());
        assertEquals(4, TrustFileReader.read(file).keys().size());
        RefusedException missing = assertThrows(RefusedException.class, () -> TrustFileReader.read(dir.resolve("absent.json")));
        assertEquals(TrustReason.UNREADABLE, missing.refusal().reason());
        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[TrustFileReader.MAX_BYTES + 1]);
        assertEquals(TrustReason.TOO_LARGE, assertThrows(RefusedException.class, () -> TrustFileReader.read(huge)).refusal().reason());
    }

    private static String detail(String json) {
        return assertThrows(RefusedException.class, () -> parse(json)).refusal().detail();
    }

    private String detailOfFile(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return assertThrows(RefusedException.class, () -> TrustFileReader.read(file)).refusal().detail();
    }

    /** A technician reads these: the file, the key path and what is wrong, in Chinese. */
    @Test void aRefusedFileIsNamedWithTheKeyPathAndTheProblemInChinese() throws Exception {
        Path trust = dir.resolve("trust.json");
        assertEquals(trust + "：keys[0] 有未知字段 extra",
                detailOfFile("trust.json", withKey(entry("k", SM2, 0, 10).put("extra", 1))));
        assertEquals(trust + "：顶层有未知字段 extra", detailOfFile("trust.json", "{\"version\":\"v\",\"keys\":[],\"extra\":1}"));
        assertEquals(trust + "：文件为空", detailOfFile("trust.json", ""));
        assertEquals(trust + "：顶层须为 JSON 对象", detailOfFile("trust.json", "[]"));
        Path absent = dir.resolve("nonexist.json");
        RefusedException missing = assertThrows(RefusedException.class, () -> TrustFileReader.read(absent));
        assertEquals("电子凭证信任文件无法读取：" + absent + "：文件不存在", missing.refusal().errMsg());
        assertEquals(dir + "：是目录，不是文件",
                assertThrows(RefusedException.class, () -> TrustFileReader.read(dir)).refusal().detail());
    }

    @Test void everyFieldProblemNamesItsKeyPathInChinese() {
        assertEquals("顶层缺少 version", detail("{\"keys\":[]}"));
        assertEquals("version 须为字符串", detail("{\"version\":1,\"keys\":[]}"));
        assertEquals("keys 须为数组", detail("{\"version\":\"v\",\"keys\":{}}"));
        assertEquals("keys[0] 须为 JSON 对象", detail("{\"version\":\"v\",\"keys\":[\"k\"]}"));
        assertEquals("keys[0] 缺少 public_key_pem", detail(withKey((ObjectNode) entry("k", SM2, 0, 10).without("public_key_pem"))));
        assertEquals("keys[0].not_before 须为 Unix 秒数（非负整数）", detail(withKey(entry("k", SM2, 0, 10).put("not_before", "0"))));
        assertEquals("keys[0].kid 长度须为 1 至 64 个字符", detail(withKey(entry("", SM2, 0, 10))));
        assertEquals("revoked.ec_tokens[1] 须为字符串",
                detail("{\"version\":\"v\",\"keys\":[],\"revoked\":{\"ec_tokens\":[\"a\",1]}}"));
        assertEquals("revoked 有未知字段 cards", detail("{\"version\":\"v\",\"keys\":[],\"revoked\":{\"cards\":[]}}"));
        assertEquals("keys[0].alg 为 RS256，须为 SM2 或 ES256", detail(withKey(entry("k", ES256, 0, 10).put("alg", "RS256"))));
        assertEquals("keys[0].public_key_pem（kid k）：不是一个 PUBLIC KEY 块",
                detail(withKey(entry("k", SM2, 0, 10).put("public_key_pem", "garbage"))));
        assertEquals("keys[0]（kid k）：alg 声明为 ES256，公钥却是 SM2 曲线",
                detail(withKey(entry("k", SM2, 0, 10).put("alg", "ES256"))));
        assertEquals("keys[1].kid 为 k，与 keys[0] 相同",
                detail(trustJson(List.of(entry("k", SM2, 0, 10), entry("k", ES256, 0, 10)), List.of(), List.of())));
        assertEquals("keys[0]（kid k）：not_before 晚于 not_after", detail(withKey(entry("k", SM2, 11, 10))));
        String duplicate = detail("{\"version\":\"v\",\"version\":\"w\",\"keys\":[]}");
        assertTrue(duplicate.startsWith("第 1 行第 ") && duplicate.endsWith(" 列：键 version 重复"), duplicate);
        assertTrue(detail("keys: []").startsWith("第 1 行第 "), detail("keys: []"));
    }

    /** Whatever is refused, the detail is Chinese apart from key names, kids and the spec's words. */
    @Test void noDetailCarriesEnglishProse() throws Exception {
        String pem = SM2.publicPem();
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        List<String> refused = List.of("keys: []", "{\"version\":\"v\",\"keys\":[]} trailing", "{\"version\":\"v\"",
                withKey(entry("k", SM2, 0, 10).put("public_key_pem", pem.substring(0, 60) + pem.substring(70))),
                withKey(entry("k", ES256, 0, 10).put("public_key_pem", pem(p384.generateKeyPair().getPublic().getEncoded()))),
                withKey(entry("k", SM2, 0, 10).put("public_key_pem", SM2.privatePem())),
                withKey(entry("k", SM2, 0, 10).put("not_after", 10.5)));
        java.util.Set<String> allowed = java.util.Set.of("k", "version", "keys", "kid", "alg", "public_key_pem",
                "not_before", "not_after", "revoked", "ec_tokens", "psn_nos", "JSON", "PUBLIC", "KEY", "DER",
                "SubjectPublicKeyInfo", "EC", "SM2", "ES256", "sm2p256v1", "P", "Unix");
        for (String json : refused) {
            String detail = detail(json);
            java.util.regex.Matcher word = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*").matcher(detail);
            while (word.find()) {
                String w = word.group();
                assertTrue(allowed.contains(w), () -> "English \"" + w + "\" in " + detail);
            }
        }
    }

    @Test void everyReasonHasItsOwnCodeInTheVoucherRange() {
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (TrustReason reason : TrustReason.values()) {
            assertTrue(reason.code().matches("15[6-9]\\d"), reason.code());
            assertTrue(codes.add(reason.code()));
        }
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }
}
