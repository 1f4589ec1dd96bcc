package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3201's refd_setl_flag (spec national-interface.md: "1 or empty: totals include reversals; 0:
 * they don't"). Offline, so nothing is acknowledged and only the terminal's own totals
 * ({@code term_local}) are checked. Two pharmacy settlements (310 / clr_type 41) on 2027-01-15:
 * 2 × 50.00 (hifp 70.00, acct 30.00), reversed; and 1 × 20.00 (hifp 14.00, acct 6.00), kept.
 */
class ReconciliationRefundFlagTest {

    private static ObjectNode recon(String refd) {
        return ReconInput.of().with("refd_setl_flag", refd).input();
    }

    private static String yuan(JsonNode answer, String field) {
        return answer.at("/output/term_local/" + field).decimalValue().toPlainString();
    }

    @Test
    void withFlagZeroTheReversalIsLeftOutButTheSettlementItReversedStillCounts(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode first = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, first.path("infcode").asInt(), first.toString());
            JsonNode second = rig.call("2102", FlowRig.purchase("20.00", "1", "20.00", true));
            assertEquals(0, second.path("infcode").asInt(), second.toString());
            ObjectNode rev = FlowRig.JSON.createObjectNode();
            rev.putObject("data").put("setl_id", first.at("/output/setlinfo/setl_id").asText())
                    .put("mdtrt_id", first.at("/output/setlinfo/mdtrt_id").asText()).put("psn_no", FlowRig.PSN);
            assertEquals(0, rig.call("2103", rev).path("infcode").asInt());

            JsonNode without = rig.call("3201", recon("0"));
            assertEquals(0, without.path("infcode").asInt(), without.toString());
            assertEquals("120.00", yuan(without, "medfee_sumamt"), without.toString());
            assertEquals("84.00", yuan(without, "fund_pay_sumamt"));
            assertEquals("36.00", yuan(without, "acct_pay"));
            assertEquals(2, without.at("/output/term_local/fixmedins_setl_cnt").asLong());

            for (String flag : new String[] {"1", "", null}) {
                JsonNode with = rig.call("3201", recon(flag));
                assertEquals("20.00", yuan(with, "medfee_sumamt"), "flag " + flag + ": " + with);
                assertEquals("14.00", yuan(with, "fund_pay_sumamt"));
                assertEquals("6.00", yuan(with, "acct_pay"));
            }
        }
    }
}
