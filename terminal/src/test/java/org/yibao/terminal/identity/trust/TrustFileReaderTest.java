package org.yibao.terminal.identity.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.RefusedException;
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
