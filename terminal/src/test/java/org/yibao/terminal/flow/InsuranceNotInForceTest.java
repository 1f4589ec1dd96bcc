package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person whose insuinfo row for the settlement's insutype is not in force (psn_insu_stas 2
 * 暂停参保 or 4 终止参保, as the centre's 1101 answered and the terminal cached it) gets nothing
 * from the fund or the personal account: such a 2101 / 2102 is refused 1314, naming the status,
 * and writes nothing; the cashier may settle it 全自费 ({@code term_selfpay_only}). A row with
 * status 1, or none given (a voucher's), is in force. Offline: the cached row is all the terminal
 * knows, and the centre would refuse the claim later.
 */
class InsuranceNotInForceTest {

    private static ObjectNode employeeWithStatus(String status) {
        ObjectNode person = FlowRig.employee();
        ((ObjectNode) person.get("insuinfo").get(0)).put("psn_insu_stas", status);
        return person;
    }

    private static void assertRefused1314(JsonNode answer, String status) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertEquals("1314", answer.path("term_errcode").asText(), answer.toString());
        assertTrue(answer.path("err_msg").asText().contains("psn_insu_stas " + status), answer.path("err_msg").asText());
    }

    @Test
    void aPausedInsuredIsRefusedFundAndAccountAndMaySettleSelfPay(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(employeeWithStatus("2"));
            assertRefused1314(rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", true)), "2");
            assertRefused1314(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)), "2");
            assertRefused1314(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false)), "2");
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());

            ObjectNode selfPay = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode settled = rig.call("2102", selfPay);
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertEquals("100.00", settled.at("/output/setlinfo/psn_cash_pay").decimalValue().toPlainString());
            assertEquals("0.00", settled.at("/output/setlinfo/fund_pay_sumamt").decimalValue().toPlainString());
        }
    }

    @Test
    void aTerminatedInsuredIsRefusedToo(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(employeeWithStatus("4"));
            assertRefused1314(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false)), "4");
        }
    }

    @Test
    void aClinicVisitOpenedWhileInForceIsRefusedOnceTheCentreSaysPaused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(employeeWithStatus("1"));
            ObjectNode reg = FlowRig.JSON.createObjectNode();
            reg.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("begntime", "2027-01-15 09:00:00");
            String mdtrtId = rig.call("2201", reg).at("/output/data/mdtrt_id").asText();
            ObjectNode fees = FlowRig.JSON.createObjectNode();
            fees.putArray("feedetail").addObject().put("feedetl_sn", "1").put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN)
                    .put("med_type", "14").put("fee_ocur_time", "2027-01-15 09:05:00").put("med_list_codg", Fixtures.JIA)
                    .put("det_item_fee_sumamt", "100.00").put("cnt", "2").put("pric", "50.00");
            assertEquals(0, rig.call("2204", fees).path("infcode").asInt());

            rig.seed(employeeWithStatus("2")); // the next 1101: the centre now answers 暂停参保
            for (String infno : new String[] {"2206", "2207"}) {
                ObjectNode settle = FlowRig.JSON.createObjectNode();
                settle.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "14")
                        .put("dise_codg", "M03900").put("insutype", "310").put("acct_used_flag", "1")
                        .put("medfee_sumamt", "100.00").put("mdtrt_cert_type", "02");
                assertRefused1314(rig.call(infno, settle), "2");
            }
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    @Test
    void aRowInForceOrWithoutAStatusSettlesAsBefore(@TempDir Path dir) throws Exception {
        for (String status : new String[] {"1", ""}) {
            try (FlowRig rig = FlowRig.offline(dir.resolve("stas-" + status))) {
                rig.seed(employeeWithStatus(status));
                JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
                assertEquals(0, settled.path("infcode").asInt(), settled.toString());
                assertEquals("70.00", settled.at("/output/setlinfo/hifp_pay").decimalValue().toPlainString());
            }
        }
    }
}
