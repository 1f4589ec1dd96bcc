package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.privacy.Masking;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.ES256;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.NOW;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.SM2;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.issue;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.payload;

/** The YBEC1 verifier against a real SQLite replay store in a temp directory. */
class Ybec1VerifierTest {
    @TempDir Path stateDir;
    private SqliteReplayStore store;
    private Ybec1Verifier verifier;

    @BeforeEach void open() {
        store = SqliteReplayStore.open(stateDir);
        verifier = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Ybec1Verifier.DEFAULT_SKEW);
    }

    @AfterEach void close() {
        store.close();
    }

    private VoucherOutcome verify(String qr, long now) {
        return verifier.decode(qr, Instant.ofEpochSecond(now));
    }

    private void assertRefused(ReasonCode expected, String qr) {
        assertRefused(expected, qr, NOW);
    }

    private void assertRefused(ReasonCode expected, String qr, long now) {
        VoucherOutcome outcome = verify(qr, now);
        VoucherOutcome.Refused refused = assertInstanceOf(VoucherOutcome.Refused.class, outcome, () -> "accepted: " + outcome);
        assertEquals(expected, refused.refusal().reason(), () -> refused.refusal().errMsg());
    }

    private VerifiedVoucher assertAccepted(String qr, long now) {
        VoucherOutcome outcome = verify(qr, now);
        return assertInstanceOf(VoucherOutcome.Accepted.class, outcome, () -> "refused: " + outcome).voucher();
    }

    @Test void acceptsAnSm2VoucherAndReturnsItsFields() {
        VoucherFixtures.Payload p = payload();
        p.psnName = "欧阳娜娜";
        VerifiedVoucher v = assertAccepted(issue(SM2, "sm2-1", p), NOW);
        assertEquals(p.ecToken, v.ecToken());
        assertEquals("43000012345678", v.psnNo());
        assertEquals("欧**娜", v.maskedName());
        assertEquals("01", v.psnCertType());
        assertEquals("123X", v.certnoTail());
        assertEquals("430100", v.insuplcAdmdvs());
        assertEquals("310", v.insutype());
        assertEquals("11", v.psnType());
        assertEquals("02121", v.biz());
        assertEquals(NOW - 10, v.iat());
        assertEquals(NOW + 110, v.exp());
        assertEquals("sm2-1", v.kid());
        assertFalse(v.toString().contains(p.ecToken), "toString masks the ecToken");
    }

    @Test void acceptsAnEs256Voucher() {
        assertEquals("es-1", assertAccepted(issue(ES256, "es-1", payload()), NOW).kid());
    }

    @Test void expiredAfterExpPlusSkew() {
        VoucherFixtures.Payload p = payload();
        assertRefused(VoucherReason.EXPIRED, issue(SM2, "sm2-1", p), p.exp + 31);
        assertAccepted(issue(SM2, "sm2-1", p), p.exp + 30);
    }

    @Test void issuedInTheFutureBeyondSkew() {
        VoucherFixtures.Payload p = payload();
        p.iat = NOW + 31;
        p.exp = NOW + 100;
        assertRefused(VoucherReason.ISSUED_IN_FUTURE, issue(SM2, "sm2-1", p));
        p.iat = NOW + 30;
        assertAccepted(issue(SM2, "sm2-1", p), NOW);
    }

    /** Spec §1 step 3 compares instants: exp + skew is the last accepted instant, not the last accepted second. */
    @Test void aFractionOfASecondPastExpPlusSkewIsExpired() {
        VoucherFixtures.Payload p = payload();
        VoucherOutcome late = verifier.decode(issue(SM2, "sm2-1", p), Instant.ofEpochSecond(p.exp + 30, 1_000_000));
        assertEquals(VoucherReason.EXPIRED, assertInstanceOf(VoucherOutcome.Refused.class, late).refusal().reason());
        VoucherOutcome last = verifier.decode(issue(SM2, "sm2-1", p), Instant.ofEpochSecond(p.exp + 30));
        assertInstanceOf(VoucherOutcome.Accepted.class, last, last::toString);
    }

    /** iat - skew <= now at the instant: a millisecond early is refused, the instant itself accepted. */
    @Test void iatMinusSkewIsTheFirstAcceptedInstant() {
        VoucherFixtures.Payload p = payload();
        p.iat = NOW;
        p.exp = NOW + 60;
        VoucherOutcome early = verifier.decode(issue(SM2, "sm2-1", p), Instant.ofEpochSecond(NOW - 30).minusMillis(1));
        assertEquals(VoucherReason.ISSUED_IN_FUTURE, assertInstanceOf(VoucherOutcome.Refused.class, early).refusal().reason());
        VoucherOutcome first = verifier.decode(issue(SM2, "sm2-1", p), Instant.ofEpochSecond(NOW - 30));
        assertInstanceOf(VoucherOutcome.Accepted.class, first, first::toString);
    }

    /** Spec §3: a key outside [not_before, not_after] is not trusted, to the instant. */
    @Test void aKeyIsTrustedThroughNotAfterAndNotAFractionLonger() {
        verifier = new Ybec1Verifier(TrustFileReader.parse(VoucherFixtures.trustJson(
                List.of(VoucherFixtures.entry("sm2-edge", SM2, NOW - 100, NOW)), List.of(), List.of())
                .getBytes(StandardCharsets.UTF_8)), store, Ybec1Verifier.DEFAULT_SKEW);
        VoucherOutcome late = verifier.decode(issue(SM2, "sm2-edge", payload()), Instant.ofEpochSecond(NOW, 1_000_000));
        assertEquals(VoucherReason.KEY_EXPIRED, assertInstanceOf(VoucherOutcome.Refused.class, late).refusal().reason());
        assertAccepted(issue(SM2, "sm2-edge", payload()), NOW);
        VoucherFixtures.Payload early = payload();
        early.iat = NOW - 101;
        early.exp = NOW;
        assertRefused(VoucherReason.KEY_NOT_YET_VALID, issue(SM2, "sm2-edge", early), NOW - 101);
        assertAccepted(issue(SM2, "sm2-edge", early), NOW - 100);
    }

    @Test void skewIsConfigurable() {
        VoucherFixtures.Payload p = payload();
        Ybec1Verifier strict = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Duration.ZERO);
        VoucherOutcome outcome = strict.decode(issue(SM2, "sm2-1", p), Instant.ofEpochSecond(p.exp + 1));
        assertEquals(VoucherReason.EXPIRED, assertInstanceOf(VoucherOutcome.Refused.class, outcome).refusal().reason());
    }

    @Test void livesAtMostFiveMinutes() {
        VoucherFixtures.Payload p = payload();
        p.iat = NOW - 10;
        p.exp = p.iat + 301;
        assertRefused(VoucherReason.BAD_LIFETIME, issue(SM2, "sm2-1", p));
        p.exp = p.iat - 1;
        assertRefused(VoucherReason.BAD_LIFETIME, issue(SM2, "sm2-1", p));
        p.exp = p.iat + 300;
        assertAccepted(issue(SM2, "sm2-1", p), NOW);
    }

    /** exp before iat is not "longer than five minutes": the detail says which rule the window breaks. */
    @Test void aWindowEndingBeforeItStartsIsRefusedForThatReason() {
        VoucherFixtures.Payload p = payload();
        p.iat = NOW - 10;
        p.exp = p.iat - 1;
        assertEquals("电子凭证有效期不合规：失效时间（exp）早于签发时间（iat）",
                refusal(issue(SM2, "sm2-1", p)).errMsg());
        p.exp = p.iat + 301;
        assertEquals("电子凭证有效期不合规：有效期 301 秒，超过5分钟",
                refusal(issue(SM2, "sm2-1", p)).errMsg());
        p.exp = p.iat;
        assertAccepted(issue(SM2, "sm2-1", p), NOW);
    }

    private org.yibao.terminal.domain.Refusal refusal(String qr) {
        VoucherOutcome outcome = verify(qr, NOW);
        return assertInstanceOf(VoucherOutcome.Refused.class, outcome, () -> "accepted: " + outcome).refusal();
    }

    /** err_msg of a 15xx refusal reaches the cashier in a 1101 answer: Chinese, never English fragments. */
    @Test void structureAndSizeDetailsAreChinese() {
        String qr = issue(SM2, "sm2-1", payload());
        int dot = qr.lastIndexOf('.');
        assertEquals("电子凭证二维码不完整，请重新扫码：少于三段", refusal(qr.substring(0, dot)).errMsg());
        assertEquals("电子凭证二维码不完整，请重新扫码：多于三段", refusal(qr + ".AAAA").errMsg());
        assertEquals("电子凭证二维码不完整，请重新扫码：有空段", refusal("YBEC1...").errMsg());
        assertEquals("二维码内容过长，不是医保电子凭证：4099 个字符，最多 4096",
                refusal("YBEC1." + "A".repeat(4093)).errMsg());
        assertEquals("不是医保电子凭证二维码：内容为空", refusal("").errMsg());
    }

    /** The field and value names of the spec (typ, ec_token, SM2 ...) may appear in a detail; English words may not. */
    private static final Set<String> SPEC_WORDS = Set.of("typ", "alg", "kid", "ver", "YBEC", "SM2", "ES256", "JSON",
            "base64url", "ec_token", "psn_no", "psn_name", "psn_cert_type", "certno_tail", "insuplc_admdvs",
            "insutype", "psn_type", "biz", "iat", "exp", "nonce");

    @Test void everyVoucherRefusalDetailIsChinese() {
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(SM2, "sm2-1");
        String header = VoucherFixtures.header("SM2", "sm2-1");
        String goodPayload = payload().json().toString();
        String qr = issue(SM2, "sm2-1", payload());
        int dot = qr.lastIndexOf('.');
        int headerEnd = qr.indexOf('.', 6);
        VoucherFixtures.Payload longLife = payload();
        longLife.exp = longLife.iat + 301;
        VoucherFixtures.Payload backwards = payload();
        backwards.exp = backwards.iat - 1;
        List<String> refused = List.of("", "YBEC2.x", "YBEC1." + "A".repeat(5000), qr.substring(0, dot), qr + ".AAAA",
                "YBEC1...", qr.substring(0, 8) + "/" + qr.substring(9),
                qr.substring(0, headerEnd + 1) + "*" + qr.substring(headerEnd + 2),
                qr.substring(0, dot + 1) + "+" + qr.substring(dot + 2),
                issuer.signRaw("not json", goodPayload), issuer.signRaw(header, "[1]"),
                issuer.signRaw("{\"alg\":\"SM2\",\"typ\":\"YBEC\"}", goodPayload),
                issuer.signRaw("{\"kid\":\"sm2-1\",\"typ\":\"YBEC\"}", goodPayload),
                issuer.signRaw("{\"alg\":\"SM2\",\"kid\":\"sm2-1\"}", goodPayload),
                issuer.signRaw("{\"alg\":\"SM2\",\"kid\":\"sm2-1\",\"typ\":\"JWT\"}", goodPayload),
                issuer.signRaw(VoucherFixtures.header("none", "sm2-1"), goodPayload),
                issuer.signRaw(header, payload().json().put("ver", 2).toString()),
                issuer.signRaw(header, payload().json().put("ver", "1").toString()),
                issuer.signRaw(header, payload().json().without("psn_no").toString()),
                issuer.signRaw(header, payload().json().put("ec_token", "x").toString()),
                issuer.signRaw(header, payload().json().put("iat", "1").toString()),
                issuer.signRaw(header, payload().json().put("biz", "09999").toString()),
                issue(SM2, "sm2-1", longLife), issue(SM2, "sm2-1", backwards));
        for (String text : refused) {
            String detail = refusal(text).detail();
            java.util.regex.Matcher word = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*").matcher(detail);
            while (word.find()) {
                assertTrue(SPEC_WORDS.contains(word.group()), () -> "English in \"" + detail + "\" for " + text);
            }
        }
        assertEquals("不是医保电子凭证二维码：没有解码器能识别此二维码", assertInstanceOf(VoucherOutcome.Refused.class,
                new VoucherDecoders(List.of(verifier)).decode("hello", Instant.ofEpochSecond(NOW))).refusal().errMsg());
    }

    @Test void signedByAKeyTheTrustFileDoesNotHold() {
        assertRefused(VoucherReason.BAD_SIGNATURE, issue(VoucherFixtures.STRANGER, "sm2-1", payload()));
    }

    /**
     * A forged voucher is refused as forged, whatever its payload says: the use code is checked
     * after the signature, so a field nobody vouched for never decides the answer (black-box
     * review of 2026-12-07: 1510 answered a tampered voucher with an unknown biz).
     */
    @Test void aForgedVoucherWithAnUnknownUseCodeIsRefusedAsForged() {
        VoucherFixtures.Payload p = payload();
        p.biz = "09999";
        assertRefused(VoucherReason.BAD_SIGNATURE, issue(VoucherFixtures.STRANGER, "sm2-1", p));
    }

    @Test void unknownKid() {
        assertRefused(VoucherReason.UNKNOWN_KEY, issue(SM2, "sm2-9", payload()));
    }

    @Test void keyPastItsValidity() {
        assertRefused(VoucherReason.KEY_EXPIRED, issue(SM2, "sm2-old", payload()));
    }

    @Test void keyNotYetValid() {
        assertRefused(VoucherReason.KEY_NOT_YET_VALID, issue(SM2, "sm2-next", payload()));
    }

    @Test void headerAlgMustBeTheKeysAlg() {
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(ES256, "sm2-1");
        String esSignedForSm2Key = issuer.signRaw(VoucherFixtures.header("ES256", "sm2-1"), payload().json().toString());
        assertRefused(VoucherReason.KEY_ALG_MISMATCH, esSignedForSm2Key);
        String sm2HeaderOnEsKey = new ReferenceVoucherIssuer(SM2, "es-1")
                .signRaw(VoucherFixtures.header("SM2", "es-1"), payload().json().toString());
        assertRefused(VoucherReason.KEY_ALG_MISMATCH, sm2HeaderOnEsKey);
    }

    @Test void revokedToken() {
        VoucherFixtures.Payload p = payload();
        p.ecToken = VoucherFixtures.REVOKED_TOKEN;
        assertRefused(VoucherReason.TOKEN_REVOKED, issue(SM2, "sm2-1", p));
    }

    @Test void revokedPerson() {
        VoucherFixtures.Payload p = payload();
        p.psnNo = VoucherFixtures.REVOKED_PSN;
        assertRefused(VoucherReason.PERSON_REVOKED, issue(ES256, "es-1", p));
    }

    @ParameterizedTest @ValueSource(strings = {"SM2", "ES256"})
    void alteredPayloadBreaksTheSignature(String alg) {
        boolean sm2 = KeyAlg.valueOf(alg) == KeyAlg.SM2;
        String qr = issue(sm2 ? SM2 : ES256, sm2 ? "sm2-1" : "es-1", payload());
        String[] parts = qr.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        String altered = json.replace("\"psn_no\":\"43000012345678\"", "\"psn_no\":\"43000012345679\"");
        assertFalse(altered.equals(json));
        String forged = parts[0] + "." + parts[1] + "." + Base64Url.encode(altered.getBytes(StandardCharsets.UTF_8))
                + "." + parts[3];
        assertRefused(VoucherReason.BAD_SIGNATURE, forged);
    }

    @ParameterizedTest @ValueSource(strings = {"SM2", "ES256"})
    void everyFlippedSignatureBitIsRefused(String alg) {
        boolean sm2 = KeyAlg.valueOf(alg) == KeyAlg.SM2;
        String qr = issue(sm2 ? SM2 : ES256, sm2 ? "sm2-1" : "es-1", payload());
        int dot = qr.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(qr.substring(dot + 1));
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRefused(VoucherReason.BAD_SIGNATURE, qr.substring(0, dot + 1) + Base64Url.encode(flipped));
        }
        assertAccepted(qr, NOW);
    }

    @Test void wrongPrefix() {
        String qr = issue(SM2, "sm2-1", payload());
        assertRefused(VoucherReason.BAD_PREFIX, "YBEC2" + qr.substring(5));
        assertRefused(VoucherReason.BAD_PREFIX, "ybec1" + qr.substring(5));
        assertRefused(VoucherReason.BAD_PREFIX, qr.substring(6));
        assertRefused(VoucherReason.BAD_PREFIX, "");
        assertRefused(VoucherReason.BAD_PREFIX, null);
    }

    @Test void missingExtraOrEmptyPart() {
        String qr = issue(SM2, "sm2-1", payload());
        int dot = qr.lastIndexOf('.');
        assertRefused(VoucherReason.BAD_STRUCTURE, qr.substring(0, dot));
        assertRefused(VoucherReason.BAD_STRUCTURE, qr + ".AAAA");
        assertRefused(VoucherReason.BAD_STRUCTURE, qr.substring(0, dot + 1));
        assertRefused(VoucherReason.BAD_STRUCTURE, "YBEC1..." );
        assertRefused(VoucherReason.BAD_STRUCTURE, "YBEC1.");
    }

    @Test void badBase64() {
        String qr = issue(SM2, "sm2-1", payload());
        int dot = qr.lastIndexOf('.');
        assertRefused(VoucherReason.BAD_ENCODING, qr.substring(0, dot + 1) + "+" + qr.substring(dot + 2));
        assertRefused(VoucherReason.BAD_ENCODING, qr.substring(0, 8) + "/" + qr.substring(9));
        assertRefused(VoucherReason.BAD_ENCODING, qr.substring(0, 8) + "é" + qr.substring(9));
        String fourNPlusOne = qr.substring(dot + 1);
        while (fourNPlusOne.length() % 4 != 1) {
            fourNPlusOne += "A";
        }
        assertRefused(VoucherReason.BAD_ENCODING, qr.substring(0, dot + 1) + fourNPlusOne);
        assertRefused(VoucherReason.BAD_ENCODING, qr + "\r\n");
    }

    @Test void nonCanonicalBase64IsRefused() {
        // "QR" decodes to 'A' with the low bits of 'R' set; only "QQ" is canonical.
        assertEquals(1, Base64Url.decode("QQ", 0, 2).length);
        assertEquals(null, Base64Url.decode("QR", 0, 2));
    }

    @Test void padding() {
        String qr = issue(SM2, "sm2-1", payload());
        int dot = qr.lastIndexOf('.');
        int headerEnd = qr.indexOf('.', 6);
        assertRefused(VoucherReason.BAD_ENCODING, qr.substring(0, headerEnd) + "=" + qr.substring(headerEnd));
        assertRefused(VoucherReason.BAD_ENCODING, qr + "==");
        assertRefused(VoucherReason.BAD_ENCODING, qr.substring(0, dot) + "=" + qr.substring(dot));
    }

    @Test void nonJsonHeaderOrPayload() {
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(SM2, "sm2-1");
        String goodHeader = VoucherFixtures.header("SM2", "sm2-1");
        String goodPayload = payload().json().toString();
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw("not json", goodPayload));
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw(goodHeader, "{\"ver\":1,"));
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw(goodHeader, "[1,2]"));
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw(goodHeader, goodPayload + " {}"));
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw("{\"alg\":\"SM2\",\"alg\":\"ES256\",\"kid\":\"sm2-1\",\"typ\":\"YBEC\"}", goodPayload));
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw(goodHeader.getBytes(StandardCharsets.UTF_8),
                goodPayload.getBytes(StandardCharsets.UTF_16LE)));
        assertRefused(VoucherReason.BAD_JSON, issuer.signRaw(goodHeader.getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}));
    }

    /**
     * Spec §1 step 1: the JSON is well formed, and JSON text is UTF-8 (RFC 8259 §8.1). An overlong
     * form (C0 AF for "/") or the UTF-8 bytes of a surrogate (ED A0 80) are not UTF-8: the payload
     * is not well-formed JSON, even when the platform's key signed it.
     */
    @Test void illFormedUtf8InTheJsonIsNotWellFormed() {
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(SM2, "sm2-1");
        byte[] header = VoucherFixtures.header("SM2", "sm2-1").getBytes(StandardCharsets.UTF_8);
        VoucherFixtures.Payload p = payload();
        p.psnName = "张*~";
        byte[] good = p.json().toString().getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            String text = new String(good, StandardCharsets.ISO_8859_1).replace("~", new String(bad, StandardCharsets.ISO_8859_1));
            assertRefused(VoucherReason.BAD_JSON, issuer.signRaw(header, text.getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    @Test void unknownTypAlgOrVer() {
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(SM2, "sm2-1");
        String goodPayload = payload().json().toString();
        assertRefused(VoucherReason.UNSUPPORTED_TYPE, issuer.signRaw("{\"alg\":\"SM2\",\"kid\":\"sm2-1\",\"typ\":\"JWT\"}", goodPayload));
        assertRefused(VoucherReason.UNSUPPORTED_ALG, issuer.signRaw(VoucherFixtures.header("none", "sm2-1"), goodPayload));
        assertRefused(VoucherReason.UNSUPPORTED_ALG, issuer.signRaw(VoucherFixtures.header("sm2", "sm2-1"), goodPayload));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw("{\"alg\":\"SM2\",\"typ\":\"YBEC\"}", goodPayload));
        String header = VoucherFixtures.header("SM2", "sm2-1");
        assertRefused(VoucherReason.UNSUPPORTED_VERSION, issuer.signRaw(header, payload().json().put("ver", 2).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("ver", "1").toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("ver", 1.5).toString()));
    }

    @Test void payloadFieldChecks() {
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(SM2, "sm2-1");
        String header = VoucherFixtures.header("SM2", "sm2-1");
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("ec_token", "x".repeat(39)).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("ec_token", "x".repeat(65)).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("ec_token", "x".repeat(39) + " ").toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("nonce", "n".repeat(15)).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("nonce", "n".repeat(33)).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("insuplc_admdvs", "43010").toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("iat", "1800000000").toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("exp", 1.8e9).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("iat", -1).toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().without("psn_no").toString()));
        assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().putNull("biz").toString()));
        assertRefused(VoucherReason.UNSUPPORTED_BIZ, issuer.signRaw(header, payload().json().put("biz", "09999").toString()));
        for (String notFiveDigits : new String[] {"0212", "021210", "0212a", "０２１２１"}) {
            assertRefused(VoucherReason.BAD_FIELD, issuer.signRaw(header, payload().json().put("biz", notFiveDigits).toString()));
        }
        for (String biz : new String[] {"01101", "01301", "02121"}) {
            VoucherFixtures.Payload p = payload();
            p.biz = biz;
            assertEquals(biz, assertAccepted(issue(SM2, "sm2-1", p), NOW).biz());
        }
        VoucherFixtures.Payload edges = payload();
        edges.ecToken = "e".repeat(64);
        edges.nonce = "n" + "0".repeat(31);
        assertAccepted(issue(SM2, "sm2-1", edges), NOW);
        edges.ecToken = "e".repeat(40);
        edges.nonce = "m" + "0".repeat(15);
        assertAccepted(issue(SM2, "sm2-1", edges), NOW);
    }

    @Test void unknownPayloadFieldsAreIgnored() {
        String qr = new ReferenceVoucherIssuer(SM2, "sm2-1")
                .signRaw(VoucherFixtures.header("SM2", "sm2-1"), payload().json().put("note", "x").toString());
        assertAccepted(qr, NOW);
    }

    @Test void junkIsRefusedBySizeBeforeDecoding() {
        String junk = "YBEC1." + "A".repeat(100 * 1024);
        assertRefused(VoucherReason.TOO_LARGE, junk);
        assertRefused(VoucherReason.TOO_LARGE, "\u0000".repeat(100 * 1024));
        assertRefused(VoucherReason.TOO_LARGE, "YBEC1." + "A".repeat(Ybec1Text.MAX_CHARS - 5));
        assertRefused(VoucherReason.BAD_STRUCTURE, "YBEC1." + "A".repeat(Ybec1Text.MAX_CHARS - 6));
    }

    @Test void aSecondUseIsAReplay() {
        String qr = issue(SM2, "sm2-1", payload());
        assertAccepted(qr, NOW);
        assertRefused(VoucherReason.REPLAYED, qr, NOW + 1);
    }

    @Test void aReplayIsCaughtAcrossARestart() {
        String qr = issue(ES256, "es-1", payload());
        assertAccepted(qr, NOW);
        store.close();
        store = SqliteReplayStore.open(stateDir);
        verifier = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Ybec1Verifier.DEFAULT_SKEW);
        assertRefused(VoucherReason.REPLAYED, qr, NOW + 5);
    }

    @Test void aNonceIsForgottenOnceItsVoucherCanNoLongerBeAccepted() throws Exception {
        VoucherFixtures.Payload early = payload();
        assertAccepted(issue(SM2, "sm2-1", early), NOW);
        assertEquals(List.of(early.nonce), storedNonces());
        // Kept past exp + skew, up to exp + 3600 s: the largest skew a verifier may be configured with.
        long later = early.exp + 3_601;
        VoucherFixtures.Payload fresh = payload();
        fresh.iat = later - 5;
        fresh.exp = later + 60;
        assertAccepted(issue(SM2, "sm2-1", fresh), later);
        assertEquals(List.of(fresh.nonce), storedNonces(), "the early nonce is gone after exp + 3600 s");
        assertRefused(VoucherReason.EXPIRED, issue(SM2, "sm2-1", early), later);
    }

    /**
     * Spec §1 step 4 (the nonce was never accepted before; it survives a restart) with the skew
     * raised between two scans (the configuration's voucher.skew_s, read at the next start):
     * accepted at exp + 25 with 30 s, another voucher accepted at exp + 40, then shown again at
     * exp + 45 to a terminal restarted with 60 s. It is a replay, not a second first use.
     */
    @Test void aVoucherIsStillAReplayAfterARestartWithALargerSkew() {
        VoucherFixtures.Payload once = payload();
        String qr = issue(SM2, "sm2-1", once);
        assertAccepted(qr, once.exp + 25);
        VoucherFixtures.Payload other = payload();
        other.iat = once.exp + 35;
        other.exp = once.exp + 100;
        assertAccepted(issue(SM2, "sm2-1", other), once.exp + 40);
        store.close();
        store = SqliteReplayStore.open(stateDir);
        verifier = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Duration.ofSeconds(60));
        assertRefused(VoucherReason.REPLAYED, qr, once.exp + 45);
    }

    private List<String> storedNonces() throws java.sql.SQLException {
        String url = "jdbc:sqlite:" + stateDir.resolve(SqliteReplayStore.FILE_NAME);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = db.createStatement().executeQuery("SELECT nonce FROM used_nonce")) {
            List<String> nonces = new java.util.ArrayList<>();
            while (rs.next()) {
                nonces.add(rs.getString(1));
            }
            return nonces;
        }
    }

    @Test void aRefusedVoucherDoesNotUseUpItsNonce() {
        VoucherFixtures.Payload p = payload();
        p.psnNo = VoucherFixtures.REVOKED_PSN;
        VoucherFixtures.Payload same = payload();
        same.nonce = p.nonce;
        assertRefused(VoucherReason.PERSON_REVOKED, issue(SM2, "sm2-1", p));
        assertAccepted(issue(SM2, "sm2-1", same), NOW);
    }

    /**
     * The spec checks the nonce (step 4) before revocation (step 5): a voucher accepted once and
     * revoked since is refused as a replay; a revoked one never accepted is refused as revoked.
     */
    @Test void aUsedVoucherRevokedSinceIsAReplayAsTheSpecOrdersTheChecks() {
        AtomicReference<TrustFile> current = new AtomicReference<>(VoucherFixtures.standardTrust());
        verifier = new Ybec1Verifier(current::get, store, Ybec1Verifier.DEFAULT_SKEW);
        VoucherFixtures.Payload p = payload();
        String qr = issue(SM2, "sm2-1", p);
        assertAccepted(qr, NOW);
        current.set(TrustFileReader.parse(VoucherFixtures.trustJson(
                List.of(VoucherFixtures.entry("sm2-1", SM2, 0, 9_999_999_999L)), List.of(p.ecToken),
                List.of()).getBytes(StandardCharsets.UTF_8)));
        assertRefused(VoucherReason.REPLAYED, qr, NOW + 1);
        VoucherFixtures.Payload fresh = payload();
        fresh.ecToken = p.ecToken;
        assertRefused(VoucherReason.TOKEN_REVOKED, issue(SM2, "sm2-1", fresh), NOW + 1);
    }

    @Test void aSwappedTrustFileTakesEffectOnTheNextVoucher() {
        AtomicReference<TrustFile> current =
                new AtomicReference<>(VoucherFixtures.standardTrust());
        verifier = new Ybec1Verifier(current::get, store, Ybec1Verifier.DEFAULT_SKEW);
        assertAccepted(issue(ES256, "es-1", payload()), NOW);
        current.set(TrustFileReader.parse(VoucherFixtures.trustJson(
                List.of(VoucherFixtures.entry("sm2-1", SM2, 0, 9_999_999_999L)), List.of(),
                List.of()).getBytes(StandardCharsets.UTF_8)));
        assertRefused(VoucherReason.UNKNOWN_KEY, issue(ES256, "es-1", payload()));
        assertAccepted(issue(SM2, "sm2-1", payload()), NOW);
    }

    @Test void aClosedStoreRefusesRatherThanAccepting() {
        store.close();
        assertRefused(VoucherReason.REPLAY_STORE_UNAVAILABLE, issue(SM2, "sm2-1", payload()));
    }

    /**
     * The nonce store's disk full (a real SQLITE_FULL: the store's own connection may grow its file
     * by no page more) refuses the voucher 1522 as any store fault does, and says why, so the
     * cashier's call to the technician names the fix.
     */
    @Test void aFullDiskIsNamedInTheRefusal() throws Exception {
        java.lang.reflect.Field field = SqliteReplayStore.class.getDeclaredField("db");
        field.setAccessible(true);
        java.sql.Connection db = (java.sql.Connection) field.get(store);
        try (java.sql.Statement st = db.createStatement()) {
            st.execute("CREATE TABLE filler(b BLOB)");
            long pages;
            try (java.sql.ResultSet count = st.executeQuery("PRAGMA page_count")) {
                pages = count.getLong(1);
            }
            st.execute("PRAGMA max_page_count = " + pages);
            fillUntilFull(st, "INSERT INTO filler VALUES (randomblob(512))");
            fillUntilFull(st, "INSERT INTO used_nonce VALUES ('filler-' || hex(randomblob(8)), 9000000000, 0)"); // the nonces' own pages
        }
        VoucherOutcome outcome = verify(issue(SM2, "sm2-1", payload()), NOW);
        VoucherOutcome.Refused refused = assertInstanceOf(VoucherOutcome.Refused.class, outcome, () -> "accepted: " + outcome);
        assertEquals(VoucherReason.REPLAY_STORE_UNAVAILABLE, refused.refusal().reason());
        assertEquals("终端核验记录不可用，暂不能使用电子凭证，请联系技术人员：终端存储空间已满", refused.refusal().errMsg());
    }

    private static void fillUntilFull(java.sql.Statement st, String insert) {
        try {
            for (int i = 0; i < 10_000; i++) st.executeUpdate(insert);
        } catch (java.sql.SQLException full) {
            return; // no room left in the pages allowed
        }
        throw new AssertionError("never full: " + insert);
    }

    @Test void outcomesAreAuditedWithTheMaskedTokenAndPersonNumber() {
        Logger audit = (Logger) LoggerFactory.getLogger(VoucherAudit.LOGGER);
        Level configured = audit.getLevel();
        audit.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            VoucherFixtures.Payload p = payload();
            String qr = issue(SM2, "sm2-1", p);
            assertAccepted(qr, NOW);
            assertRefused(VoucherReason.REPLAYED, qr);
            assertEquals(2, lines.list.size());
            String refusal = lines.list.get(1).getFormattedMessage();
            assertTrue(refusal.contains("code=1519"), refusal);
            assertTrue(refusal.contains(Masking.number(p.ecToken)), refusal);
            lines.list.forEach(e -> assertFalse(e.getFormattedMessage().contains(p.ecToken), e.getFormattedMessage()));
            String accepted = lines.list.getFirst().getFormattedMessage();
            assertTrue(accepted.contains("psn_no=" + Masking.number(p.psnNo)), accepted);
            lines.list.forEach(e -> assertFalse(e.getFormattedMessage().contains(p.psnNo), e.getFormattedMessage()));
        } finally {
            audit.detachAppender(lines);
            audit.setLevel(configured);
        }
    }

    @Test void unverifiedInputCannotSplitAnAuditLine() {
        Logger audit = (Logger) LoggerFactory.getLogger(VoucherAudit.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            String header = "{\"alg\":\"SM2\",\"kid\":\"k\\nvoucher accepted code=0000\",\"typ\":\"YBEC\"}";
            String payload = payload().json().put("ec_token", "\r\nFAKE" + "x".repeat(40)).toString();
            assertRefused(VoucherReason.BAD_FIELD, new ReferenceVoucherIssuer(SM2, "sm2-1").signRaw(header, payload));
            String line = lines.list.getFirst().getFormattedMessage();
            assertFalse(line.contains("\n") || line.contains("\r"), line);
        } finally {
            audit.detachAppender(lines);
        }
    }

    @Test void everyReasonHasItsOwnCodeInTheVoucherRange() {
        Set<String> codes = new HashSet<>();
        for (VoucherReason reason : VoucherReason.values()) {
            assertTrue(reason.code().matches("15\\d\\d"), reason.code());
            assertTrue(codes.add(reason.code()), "duplicate " + reason.code());
            assertFalse(reason.message().isBlank());
        }
    }
}
