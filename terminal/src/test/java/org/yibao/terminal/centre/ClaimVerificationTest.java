package org.yibao.terminal.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.outbox.Lane;
import org.yibao.outbox.centre.ClaimCheck;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;

/** What the reference centre refuses before storing, lane by lane. */
class ClaimVerificationTest {

    private static final Topics FROM = new Topics("371502", "H00000000001", "T01");
    private static final String CLAIM = """
            {"claim":"settlement","kind":"settlement","v":1,"infno":"2102","msgid":"m","fixmedins_code":"H00000000001",
             "admdvs":"371502","device_id":"T01","opter_type":"1","offline":false,
             "output":{"setlinfo":{"setl_id":"S1","psn_no":"P1","insutype":"310","clr_type":"41",
               "setl_time":"2026-11-23 10:15:00","medfee_sumamt":10.00,"fund_pay_sumamt":5.00,"acct_pay":0,"psn_cash_pay":5.00}}}""";

    private final ClaimVerification check = new ClaimVerification();

    @Test
    void aClaimAsTheFlowsWriteItPasses() {
        assertEquals(Optional.empty(), refusal(Lane.MESSAGES, "settlement", CLAIM));
        assertEquals(Optional.empty(), refusal(Lane.MESSAGES, "reversal", CLAIM.replace("\"settlement\"", "\"reversal\"")));
    }

    @Test
    void aClaimOfAnotherKindInstitutionOrDeviceOrWithoutASettlementIsRefused() {
        assertEquals("E_TYPE", code(Lane.MESSAGES, "reversal", CLAIM));
        assertEquals("E_TYPE", code(Lane.MESSAGES, "claim.test", CLAIM));
        assertEquals("E_INSTITUTION", code(Lane.MESSAGES, "settlement", CLAIM.replace("\"H00000000001\"", "\"H99999999999\"")));
        assertEquals("E_INSTITUTION", code(Lane.MESSAGES, "settlement", CLAIM.replace("\"admdvs\":\"371502\",", "")));
        assertEquals("E_DEVICE", code(Lane.MESSAGES, "settlement", CLAIM.replace("\"device_id\":\"T01\"", "\"device_id\":\"T02\"")));
        assertEquals("E_CLAIM", code(Lane.MESSAGES, "settlement", CLAIM.replace("\"setl_time\"", "\"when\"")));
        assertEquals("E_CLAIM", code(Lane.MESSAGES, "settlement", CLAIM.replace("10.00", "\"ten\"")));
        assertEquals("E_PAYLOAD", code(Lane.MESSAGES, "settlement", ""));
        assertEquals("E_PAYLOAD", code(Lane.MESSAGES, "settlement", "\"a string\""));
    }

    @Test
    void controlMessagesMustBeJsonObjectsOfTheirOwnInstitution() {
        String result = """
                {"update_id":"u1","device":"T01","kind":"policy","status":"APPLIED","term_errcode":"0","reason":"","version":"2","at":1}""";
        assertEquals(Optional.empty(), refusal(Lane.CONTROL, "fleet.result", result));
        assertEquals(Optional.empty(), refusal(Lane.CONTROL, "fleet.status", "{\"fixmedins_code\":\"H00000000001\"}"));
        assertEquals("E_INSTITUTION", code(Lane.CONTROL, "fleet.status", "{\"admdvs\":\"110000\"}"));
        assertEquals("E_PAYLOAD", code(Lane.CONTROL, "fleet.result", "not json"));
    }

    private Optional<ClaimCheck.Refusal> refusal(Lane lane, String type, String payload) {
        return check.refusal(FROM, lane, new Envelope(1, "T01-1", "T01", type, "FUND", lane.name(), null, 0, 1, payload.getBytes(UTF_8)));
    }

    private String code(Lane lane, String type, String payload) {
        return refusal(lane, type, payload).orElseThrow(() -> new AssertionError("passed: " + payload)).code();
    }
}
