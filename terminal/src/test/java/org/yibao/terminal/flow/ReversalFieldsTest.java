package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * 2103 and 2208 take the spec's three fields, setl_id, mdtrt_id and psn_no, all required: one
 * left out or sent as "" is refused 1021 naming it ({@code input.data.psn_no}), one of another
 * JSON type 1022, so a reversal can never skip the check that mdtrt_id and psn_no are the
 * settlement's (1362). A refusal
 * reverses nothing; the reversal with all three right goes through once, its setldetail
 * payments negated and its limits as the settlement's. Offline.
 */
class ReversalFieldsTest {

    private static ObjectNode data(String... pairs) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode d = input.putObject("data");
        for (int i = 0; i < pairs.length; i += 2) d.put(pairs[i], pairs[i + 1]);
        return input;
    }

    private static void assertRefused(JsonNode answer, String code, String detail) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertEquals(code, answer.path("term_errcode").asText(), answer.toString());
        assertTrue(answer.path("err_msg").asText().contains(detail), answer.path("err_msg").asText());
    }

    /** Sends {@code infno} with each incomplete or wrong reversal of the settlement and checks nothing was reversed. */
    private static void refusesEveryIncompleteOrWrongReversal(FlowRig rig, String infno, String setlId, String mdtrtId)
            throws Exception {
        long balance = rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong();
        assertRefused(rig.call(infno, data("mdtrt_id", mdtrtId, "psn_no", FlowRig.PSN)), "1021", "input.data.setl_id");
        assertRefused(rig.call(infno, data("setl_id", setlId)), "1021", "input.data.mdtrt_id");
        assertRefused(rig.call(infno, data("setl_id", setlId, "psn_no", FlowRig.PSN)), "1021", "input.data.mdtrt_id");
        assertRefused(rig.call(infno, data("setl_id", setlId, "mdtrt_id", "", "psn_no", FlowRig.PSN)), "1021",
                "input.data.mdtrt_id");
        assertRefused(rig.call(infno, data("setl_id", setlId, "mdtrt_id", mdtrtId)), "1021", "input.data.psn_no");
        assertRefused(rig.call(infno, data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", "")), "1021",
                "input.data.psn_no");
        assertRefused(rig.call(infno, data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", "37150000000000000009")),
                "1362", "psn_no");
        assertRefused(rig.call(infno, data("setl_id", setlId, "mdtrt_id", FlowRig.DEVICE + "-M99999999",
                "psn_no", FlowRig.PSN)), "1362", "mdtrt_id");
        for (String field : new String[] {"setl_id", "mdtrt_id", "psn_no"}) {
            ObjectNode wrongType = data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", FlowRig.PSN);
            ((ObjectNode) wrongType.get("data")).putObject(field);
            assertRefused(rig.call(infno, wrongType), "1022", "input.data." + field);
            ((ObjectNode) wrongType.get("data")).put(field, true);
            assertRefused(rig.call(infno, wrongType), "1022", "input.data." + field);
        }
        ObjectNode notAnObject = FlowRig.JSON.createObjectNode();
        notAnObject.putArray("data").addObject().put("setl_id", setlId).put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN);
        assertRefused(rig.call(infno, notAnObject), "1022", "input.data");
        assertEquals(0, reversed(rig), "nothing reversed");
        assertEquals(balance, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong(), "nothing given back");
    }

    private static long reversed(FlowRig rig) throws SQLException {
        return rig.scalar("SELECT count(*) FROM settlement WHERE state = 'REVERSED'");
    }

    @Test
    void a2103NeedsSetlIdMdtrtIdAndPsnNoOfTheSettlement(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            String mdtrtId = settled.at("/output/setlinfo/mdtrt_id").asText();
            assertTrue(!mdtrtId.isEmpty(), "a pharmacy settlement has a mdtrt_id to send back: " + settled);
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE typeof(output_json) = 'blob'"),
                    "the output is kept compressed; the reversal below is built from it");

            refusesEveryIncompleteOrWrongReversal(rig, "2103", setlId, mdtrtId);
            JsonNode done = rig.call("2103", data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", FlowRig.PSN));
            assertEquals(0, done.path("infcode").asInt(), done.toString());
            assertEquals(1, reversed(rig));
            limitsKeptAndPaymentsNegated(settled, done);
        }
    }

    /**
     * The reversal's setldetail: fund_payamt is an amount, negated; crt_payb_lmt_amt is a limit,
     * max(0, annual_cap - fund_paid) by the spec, never negative: the settlement's own figure.
     * Found by the black-box API check: 王老五's reversal answered -3700.00 and -820.40.
     */
    private static void limitsKeptAndPaymentsNegated(JsonNode settled, JsonNode reversal) {
        JsonNode original = settled.at("/output/setldetail");
        JsonNode rows = reversal.at("/output/setldetail");
        assertTrue(!rows.isEmpty(), "2103 answers setldetail: " + reversal);
        assertEquals(original.size(), rows.size(), reversal.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertTrue(row.path("crt_payb_lmt_amt").decimalValue().signum() >= 0, "never negative: " + row);
            assertEquals(0, row.path("crt_payb_lmt_amt").decimalValue().compareTo(original.get(i).path("crt_payb_lmt_amt").decimalValue()),
                    "the settlement's limit: " + row);
            assertEquals(0, row.path("fund_payamt").decimalValue().compareTo(original.get(i).path("fund_payamt").decimalValue().negate()),
                    "the payment, negated: " + row);
        }
    }

    @Test
    void a2208NeedsSetlIdMdtrtIdAndPsnNoOfTheSettlement(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode register = FlowRig.JSON.createObjectNode();
            register.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310");
            String mdtrtId = rig.call("2201", register).at("/output/data/mdtrt_id").asText();
            String otherVisit = rig.call("2201", register).at("/output/data/mdtrt_id").asText();
            ObjectNode fees = FlowRig.JSON.createObjectNode();
            fees.putArray("feedetail").addObject().put("feedetl_sn", "1").put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN)
                    .put("med_type", "14").put("med_list_codg", Fixtures.JIA).put("det_item_fee_sumamt", "100.00")
                    .put("cnt", "2").put("pric", "50.00");
            assertEquals(0, rig.call("2204", fees).path("infcode").asInt());
            ObjectNode settle = data("psn_no", FlowRig.PSN, "mdtrt_id", mdtrtId, "med_type", "14", "dise_codg", "M03900",
                    "insutype", "310", "acct_used_flag", "0", "medfee_sumamt", "100.00", "mdtrt_cert_type", "02");
            JsonNode settled = rig.call("2207", settle);
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();

            refusesEveryIncompleteOrWrongReversal(rig, "2208", setlId, mdtrtId);
            assertRefused(rig.call("2208", data("setl_id", setlId, "mdtrt_id", otherVisit, "psn_no", FlowRig.PSN)),
                    "1362", "mdtrt_id");
            JsonNode done = rig.call("2208", data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", FlowRig.PSN));
            assertEquals(0, done.path("infcode").asInt(), done.toString());
            assertEquals(1, reversed(rig));
            limitsKeptAndPaymentsNegated(settled, done);
        }
    }
}
