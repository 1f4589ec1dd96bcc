package org.yibao.terminal.identity.voucher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;

/** The edges of the QR text, header JSON and audit text that the verifier tests do not reach. */
class VoucherTextEdgesTest {
    private static Refusal refusal(Checked<?> c) {
        return assertInstanceOf(Checked.No.class, c).refusal();
    }

    @Test
    void anEmptyPayloadOrSignaturePartIsAnIncompleteCode() {
        Refusal r = refusal(Ybec1Text.split("YBEC1.e30.e30."));
        assertEquals(VoucherReason.BAD_STRUCTURE, r.reason());
        assertEquals("有空段", r.detail());
        assertEquals("有空段", refusal(Ybec1Text.split("YBEC1.e30..AAAA")).detail(), "an empty payload part");
    }

    @Test
    void aCharacterJustOutsideAsciiIsNotBase64url() {
        // U+0080 must be refused like any other non-alphabet character, not index past the table.
        assertNull(Base64Url.decode("AAA\u0080", 0, 4));
        assertEquals(VoucherReason.BAD_ENCODING, refusal(Ybec1Text.split("YBEC1.e30\u0080.e30.AAAA")).reason());
    }

    private static byte[] header(String kid) {
        return ("{\"alg\":\"SM2\",\"kid\":\"" + kid + "\",\"typ\":\"YBEC\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKidOfOneToSixtyFourCharactersIsRead() {
        assertInstanceOf(Checked.Ok.class, VoucherJson.header(header("k")));
        assertInstanceOf(Checked.Ok.class, VoucherJson.header(header("k".repeat(64))));
        assertEquals(VoucherReason.BAD_FIELD, refusal(VoucherJson.header(header("k".repeat(65)))).reason());
        assertEquals(VoucherReason.BAD_FIELD, refusal(VoucherJson.header(header(""))).reason());
    }

    @Test
    void aHeaderWithAByteOrderMarkIsNotJson() {
        byte[] plain = header("k");
        byte[] bom = new byte[plain.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, bom, 3, plain.length);
        assertEquals(VoucherReason.BAD_JSON, refusal(VoucherJson.header(bom)).reason());
    }

    @Test
    void aMissingExpIsNamedAsExp() {
        String noExp = "{\"ver\":1,\"ec_token\":\"" + "T".repeat(40) + "\",\"psn_no\":\"P1\",\"psn_name\":\"张*三\","
                + "\"psn_cert_type\":\"01\",\"certno_tail\":\"1234\",\"insuplc_admdvs\":\"371500\",\"insutype\":\"310\","
                + "\"psn_type\":\"11\",\"biz\":\"02121\",\"iat\":1800000000,\"nonce\":\"" + "n".repeat(16) + "\"}";
        Refusal r = refusal(VoucherJson.payload(noExp.getBytes(StandardCharsets.UTF_8)));
        assertEquals(VoucherReason.BAD_FIELD, r.reason());
        assertEquals("exp", r.detail());
    }

    @Test
    void auditTextKeepsOnlyVisibleAscii() {
        assertEquals("?!~?", VoucherAudit.printable(" !~\u007F"));
    }

    @Test
    void aVerifiedVoucherShowsItsTokenAndPsnNoOnlyMasked() {
        VoucherPayload p = new VoucherPayload(1, "ABCD" + "x".repeat(32) + "WXYZ", "43000012345678", "张某三", "01",
                "1234", "371500", "310", "11", "02121", 1_800_000_000L, 1_800_000_120L, "n".repeat(16));
        VerifiedVoucher v = VerifiedVoucher.of(p, "k1");
        assertEquals("ABCD" + "*".repeat(32) + "WXYZ", v.maskedEcToken());
        String shown = v.toString();
        assertTrue(shown.contains("ec_token=ABCD" + "*".repeat(32) + "WXYZ") && shown.contains("psn_no=430"), shown);
        assertFalse(shown.contains(p.ecToken()) || shown.contains(p.psnNo()) || shown.contains("张某三"), shown);
    }

    @Test
    void theSkewMayBeConfiguredUpToAnHour() {
        ReplayStore none = new FixedReplayStore(true, false);
        new Ybec1Verifier(VoucherFixtures::standardTrust, none, Duration.ofSeconds(TimeWindow.MAX_SKEW_S));
        new Ybec1Verifier(VoucherFixtures::standardTrust, none, Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> new Ybec1Verifier(VoucherFixtures::standardTrust, none,
                Duration.ofSeconds(TimeWindow.MAX_SKEW_S + 1)));
    }
}
