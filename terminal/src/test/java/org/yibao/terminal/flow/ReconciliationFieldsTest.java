package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.json.Json;

/**
 * 3201's fields are read as 2101/2102 read theirs (spec national-interface.md, General rules and
 * 3201): amounts with at most 2 decimals and within range, though a net total may be negative (a
 * period holding only the reversal of an earlier settlement); fixmedins_setl_cnt a whole number
 * not below 0; refd_setl_flag 1, 0 or empty; insutype three digits, clr_type 11, 41 or 99, either
 * empty for all; the period's dates real yyyy-MM-dd. A refusal names the field's path, is not
 * recorded under its msgid, and the corrected request is answered. Offline; one settlement of
 * 100.00 (hifp 70.00, acct 30.00, 310 / 41) on 2027-01-15, which the centre has not acknowledged
 * (so stmt_rslt is 1 throughout; whether the host's totals were read right shows in
 * stmt_rslt_dscr, which says 机构上报总额与本机结算不符 only when they differ from the terminal's).
 */
class ReconciliationFieldsTest {

    private static ObjectNode recon() {
        return ReconInput.of().totals("100.00", "70.00", "30.00", "1").input();
    }

    /** {@link #recon()} with {@code field} set to the JSON text {@code json} ({@code null}: left out). */
    private static ObjectNode reconWith(String field, String json) {
        ObjectNode input = recon();
        ObjectNode data = (ObjectNode) input.get("data");
        if (json == null) {
            data.remove(field);
        } else {
            data.set(field, Json.parse(json, field));
        }
        return input;
    }

    private static final String HOST_DIFFERS = "机构上报总额与本机结算不符";

    private static void assertHostAgrees(JsonNode answer) {
        assertEquals("有 1 笔未获中心确认", answer.at("/output/stmtinfo/stmt_rslt_dscr").asText(), answer.toString());
    }

    private static long recorded(FlowRig rig, String msgid) throws SQLException {
        return rig.scalar("SELECT count(*) FROM idempotent_reply WHERE msgid = '" + msgid + "'");
    }

    @Test
    void eachBadFieldIsRefusedWithTheCodeOtherTransactionsUseAndNothingIsRecorded(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"fixmedins_setl_cnt", "\"-1\"", "1024"},
                {"fixmedins_setl_cnt", "-1", "1024"},
                {"fixmedins_setl_cnt", "\"1.5\"", "1022"},
                {"fixmedins_setl_cnt", "1.5", "1022"},
                {"fixmedins_setl_cnt", "\"abc\"", "1022"},
                {"fixmedins_setl_cnt", "\"123456789012345678901234\"", "1030"},
                {"fixmedins_setl_cnt", "1e400", "1030"},
                {"fixmedins_setl_cnt", "1e-999999999", "1022"}, // a few bytes; written out in full, a gigabyte
                {"refd_setl_flag", "\"2\"", "1028"},
                {"insutype", "\"XYZ\"", "1028"},
                {"insutype", "\"3100\"", "1028"},
                {"clr_type", "\"XX\"", "1028"},
                {"medfee_sumamt", "\"1.005\"", "1023"},
                {"medfee_sumamt", "1.005", "1023"},
                {"medfee_sumamt", "1e400", "1030"},
                {"medfee_sumamt", "-1e400", "1030"},
                {"medfee_sumamt", "\"123456789012345678901234\"", "1030"},
                {"medfee_sumamt", "\"abc\"", "1022"},
                {"medfee_sumamt", "-1e-999999999", "1023"},
                {"fund_pay_sumamt", "\"70.001\"", "1023"},
                {"acct_pay", "\"-123456789012345678901234\"", "1030"},
                {"stmt_begndate", "\"2027-02-30\"", "1027"},
                {"stmt_enddate", "\"15/01/2027\"", "1027"},
                {"stmt_begndate", null, "1021"},
                {"stmt_enddate", "\"2027-01-14\"", "1375"},
        };
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)).path("infcode").asInt());
            for (String[] c : cases) {
                String msgid = rig.nextMsgid();
                JsonNode refused = rig.call("3201", msgid, "1", reconWith(c[0], c[1]));
                String what = c[0] + " = " + c[1] + ": " + refused;
                assertEquals(-1, refused.path("infcode").asInt(), what);
                assertEquals(c[2], refused.path("term_errcode").asText(), what);
                String path = c[2].equals("1375") ? "stmt_enddate" : "input.data." + c[0];
                assertTrue(refused.path("err_msg").asText().contains(path), what);
                assertEquals(0, recorded(rig, msgid), "a refusal is not recorded: " + what);
            }

            String msgid = rig.nextMsgid();
            JsonNode balanced = rig.call("3201", msgid, "1", recon());
            assertEquals(0, balanced.path("infcode").asInt(), "the corrected request is answered: " + balanced);
            assertHostAgrees(balanced);
        }
    }

    @Test
    void emptyCodesAndFlagMeanAllAndAWholeNumberMayComeAsANumber(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)).path("infcode").asInt());
            ObjectNode input = recon();
            ((ObjectNode) input.get("data")).put("insutype", "").put("clr_type", "").put("refd_setl_flag", "")
                    .put("fixmedins_setl_cnt", 1).put("medfee_sumamt", 100).put("fund_pay_sumamt", "70.0");
            JsonNode answer = rig.call("3201", input);
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertHostAgrees(answer);
        }
    }

    @Test
    void aNegativeNetTotalIsAnsweredNotRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            // The host's period holds only the reversal of a settlement it counted the day before.
            ObjectNode input = recon();
            ((ObjectNode) input.get("data")).put("medfee_sumamt", "-100.00").put("fund_pay_sumamt", "-70.00")
                    .put("acct_pay", "-30.00").put("fixmedins_setl_cnt", "1");
            JsonNode answer = rig.call("3201", input);
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals("1", answer.at("/output/stmtinfo/stmt_rslt").asText(), "the terminal has nothing that day: " + answer);
            assertTrue(answer.at("/output/stmtinfo/stmt_rslt_dscr").asText().contains(HOST_DIFFERS), answer.toString());
        }
    }
}
