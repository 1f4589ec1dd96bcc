package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kiosk's 2201 挂号 and the credential it names (black-box check bbclinic, 2026-12-05). README,
 * "Transactions the API serves": kiosk requests (opter_type 2) "identify and settle by card or QR
 * only (1101, 2101/2102, 2201 and 2206/2207 name mdtrt_cert_type 01 or 03; else 1370) and must send
 * back the number their 1101 answered in term_certinfo (an empty mdtrt_cert_no is 1373); a card
 * number or a voucher's ecToken that did not identify that person on this terminal is 1309". The
 * 2201 checks the type (1370) but registers a visit with no card number, or with a card number
 * that never identified the person, where 2206/2207 refuse the same credentials. Fixed by checking
 * 2201's credential with the same {@link CredentialCheck} as the settlements.
 */
class KioskClinicRegistrationTest {

    private static ObjectNode registration(String certType, String certNo) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("begntime", "2027-01-15 09:00:00")
                .put("mdtrt_cert_type", certType).put("mdtrt_cert_no", certNo).put("ipt_otp_no", "OP1");
        return input;
    }

    private static JsonNode kiosk(FlowRig rig, String infno, ObjectNode input) throws Exception {
        return rig.call(infno, rig.nextMsgid(), "2", input);
    }

    private static void assertRefused(FlowRig rig, JsonNode answer, String code, long visitsBefore) throws Exception {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertEquals(code, answer.path("term_errcode").asText(), answer.toString());
        assertEquals(visitsBefore, rig.scalar("SELECT count(*) FROM clinic_visit"), "a refused 2201 registers no visit");
    }

    @Test
    void aKioskRegistrationWithTheCardThatIdentifiedThePersonRegisters(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode reg = kiosk(rig, "2201", registration("03", FlowRig.CARD));
            assertEquals(0, reg.path("infcode").asInt(), reg.toString());
            assertEquals(1, rig.scalar("SELECT count(*) FROM clinic_visit"));
        }
    }

    @Test
    void aKioskRegistrationWithoutTheCardNumberIsRefused1373(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            long before = rig.scalar("SELECT count(*) FROM clinic_visit");
            assertRefused(rig, kiosk(rig, "2201", registration("03", "")), "1373", before);
        }
    }

    @Test
    void aKioskRegistrationWithACardThatDidNotIdentifyThePersonIsRefused1309(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            long before = rig.scalar("SELECT count(*) FROM clinic_visit");
            assertRefused(rig, kiosk(rig, "2201", registration("03", "D99999999")), "1309", before);
        }
    }

    /** At the counter too, 2201 checks the credential as 2206/2207 would, so a visit is never opened on another person's number. */
    @Test
    void aCounterRegistrationOnAnotherPersonsIdNumberIsRefused1309(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            long before = rig.scalar("SELECT count(*) FROM clinic_visit");
            assertRefused(rig, rig.call("2201", rig.nextMsgid(), "1", registration("02", "110101199001011237")), "1309", before);
            JsonNode own = rig.call("2201", rig.nextMsgid(), "1", registration("02", FlowRig.CERTNO));
            assertEquals(0, own.path("infcode").asInt(), own.toString());
        }
    }
}
