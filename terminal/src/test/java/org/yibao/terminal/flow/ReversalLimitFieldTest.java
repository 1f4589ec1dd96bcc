package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * national-interface.md defines a setldetail row's {@code crt_payb_lmt_amt} as
 * {@code max(0, annual_cap - fund_paid)}: a remaining limit, never below 0. The 2103 answer
 * negates the setlinfo amounts ("the reversed setlinfo with every amount negated, and
 * setldetail"), but a reversal gives the limit back; it cannot make it negative. The reversal
 * answers the settlement's own limit and negates the payment. Found by the
 * black-box API check (bbapi): 王老五's reversal answered {@code crt_payb_lmt_amt} -3700.00 on the
 * 310100 row and -820.40 on the account row. Offline rig; the employee's deductible is met.
 */
class ReversalLimitFieldTest {

    @Test
    void aReversalNeverAnswersANegativeRemainingLimit(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            for (JsonNode row : settled.at("/output/setldetail")) {
                assertTrue(row.path("crt_payb_lmt_amt").decimalValue().signum() >= 0, "settlement: " + row);
            }
            ObjectNode reverse = FlowRig.JSON.createObjectNode();
            reverse.putObject("data").put("setl_id", settled.at("/output/setlinfo/setl_id").asText())
                    .put("mdtrt_id", settled.at("/output/setlinfo/mdtrt_id").asText()).put("psn_no", FlowRig.PSN);
            JsonNode reversed = rig.call("2103", reverse);
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            JsonNode rows = reversed.at("/output/setldetail");
            JsonNode original = settled.at("/output/setldetail");
            assertFalse(rows.isEmpty(), "2103 answers setldetail: " + reversed);
            assertEquals(original.size(), rows.size(), reversed.toString());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                BigDecimal limit = row.path("crt_payb_lmt_amt").decimalValue();
                assertTrue(limit.signum() >= 0, "crt_payb_lmt_amt = max(0, annual_cap - fund_paid) is never negative: " + row);
                assertEquals(0, limit.compareTo(original.get(i).path("crt_payb_lmt_amt").decimalValue()), "the settlement's limit: " + row);
                assertEquals(0, row.path("fund_payamt").decimalValue().compareTo(original.get(i).path("fund_payamt").decimalValue().negate()),
                        "the payment is an amount, negated: " + row);
            }
        }
    }
}
