package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.indicator.SimulatedIndicators;

/**
 * The kiosk's customer sees and hears every outcome of a transaction that ran (issue: "Success,
 * refusal and fault each have their own signal"): a kiosk 2201 or 2206 refused showed nothing,
 * where the same refusal of a 2102 showed the red light and two beeps; a transaction that failed
 * inside the terminal (1019, a 1101 too) showed nothing either, where staff are needed. And a kiosk 1101 that
 * names an ID number (02) without its number is the kiosk's refusal (1370), not a missing number
 * (1021) that tells the kiosk host to send one.
 */
class KioskSignalsTest {
    private static final String CARD_SN = "371500D15600000500BF7C7A48FB4966";

    private static JsonNode kiosk(FlowRig rig, String infno, ObjectNode input) throws Exception {
        return rig.call(infno, rig.nextMsgid(), "2", input);
    }

    /** The person known, the cashier signed in, every signal so far played out: the history's length now. */
    private static int ready(FlowRig rig) throws Exception {
        rig.seed(FlowRig.employee());
        rig.cashierSession();
        rig.scheduler.advance(Duration.ofSeconds(10));
        return rig.indicators.history().size();
    }

    private static List<Signal> signalsSince(FlowRig rig, int before) {
        rig.scheduler.advance(Duration.ofSeconds(10)); // every pattern plays out
        List<SimulatedIndicators.Change> shown = rig.indicators.history();
        return CounterSignals.seen(shown.subList(before, shown.size()));
    }

    private static ObjectNode registration(String certType, String certNo) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("begntime", "2027-01-15 09:00:00")
                .put("mdtrt_cert_type", certType).put("mdtrt_cert_no", certNo).put("ipt_otp_no", "OP1");
        return input;
    }

    private static void assertRefused(String code, JsonNode answer) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertEquals(code, answer.path("term_errcode").asText(), answer.toString());
    }

    @Test
    void aKioskRegistrationOnAnIdNumberShowsTheRefusal(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            int before = ready(rig);
            assertRefused("1370", kiosk(rig, "2201", registration("02", FlowRig.CERTNO)));
            assertEquals(List.of(Signal.REFUSAL), signalsSince(rig, before), "the kiosk's customer was refused");
        }
    }

    @Test
    void aKioskClinicPreSettlementOfAVisitNeverRegisteredShowsTheRefusal(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            int before = ready(rig);
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", "T-0001-NOVISIT").put("med_type", "11")
                    .put("insutype", "310").put("acct_used_flag", "0").put("mdtrt_cert_type", "03")
                    .put("mdtrt_cert_no", FlowRig.CARD);
            assertRefused("1365", kiosk(rig, "2206", input));
            assertEquals(List.of(Signal.REFUSAL), signalsSince(rig, before), "the kiosk's customer was refused");
        }
    }

    @Test
    void aKioskPurchaseAboveTheKioskLimitShowsOneRefusal(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            int before = ready(rig);
            ObjectNode input = FlowRig.purchase("150.00", "2", "300.00", false);
            ((ObjectNode) input.get("druginfo")).put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD);
            assertRefused("1371", kiosk(rig, "2102", input));
            assertEquals(List.of(Signal.REFUSAL), signalsSince(rig, before));
        }
    }

    /** A damaged database (a table gone): the registration fails inside the terminal, 1019, and staff are needed. */
    @Test
    void aKioskTransactionThatFailsInsideTheTerminalShowsTheFault(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            int before = ready(rig);
            rig.db.inSharedCommit(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE clinic_visit");
                }
                return null;
            });
            assertRefused("1019", kiosk(rig, "2201", registration("03", FlowRig.CARD)));
            assertEquals(List.of(Signal.FAULT), signalsSince(rig, before), "the kiosk needs staff");
        }
    }

    /** The same for 1101: the person cache gone, the card's identification fails inside the terminal. */
    @Test
    void aKioskIdentificationThatFailsInsideTheTerminalShowsTheFault(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            int before = ready(rig);
            rig.db.inSharedCommit(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE person_cache");
                }
                return null;
            });
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD).put("card_sn", CARD_SN)
                    .put("certno", FlowRig.CERTNO);
            assertRefused("1019", kiosk(rig, "1101", input));
            assertEquals(List.of(Signal.FAULT), signalsSince(rig, before), "the kiosk needs staff");
        }
    }

    @Test
    void aKioskIdentificationNamingAnIdNumberWithoutItIsTheKiosksRefusal(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            ready(rig);
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", "");
            assertRefused("1370", kiosk(rig, "1101", input));
            ObjectNode waiting = FlowRig.JSON.createObjectNode();
            waiting.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", "").put("term_wait_s", 1);
            assertRefused("1370", kiosk(rig, "1101", waiting));
        }
    }

    /** The card's number and 卡识别码 sent by the host: the kiosk's 1101 answers the person (regression guard). */
    @Test
    void aKioskIdentificationByCardNumberStillAnswers(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            ready(rig);
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD).put("card_sn", CARD_SN)
                    .put("certno", FlowRig.CERTNO);
            JsonNode answer = kiosk(rig, "1101", input);
            assertEquals(0, answer.path("infcode").asInt(-1), answer.toString());
        }
    }
}
