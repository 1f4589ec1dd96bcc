package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;

/**
 * The lines of a settlement's receipt and of its reversal's, as printed: a catalogue line by its
 * catalogue name and 甲/乙 class, a line sent by its local code by the name of the national code it
 * maps to, a local code mapped to nothing by that local code and a national code not in the
 * catalogue by that code, both 丙 (full self-pay); the reversal's the same lines with quantity and
 * amount negated, and its totals negated. Found by mutation testing: the receipt maker's name and
 * class fallbacks were never printed.
 */
class ReceiptLinesTest {

    private static List<String> lines(String transcript) {
        List<String> all = Arrays.asList(transcript.split("\n"));
        int head = all.indexOf(all.stream().filter(l -> l.startsWith("品名")).findFirst().orElseThrow());
        return all.subList(head + 1, head + 5).stream().map(l -> l.trim().replaceAll(" +", " ")).toList();
    }

    @Test
    void eachLineIsPrintedByItsNameOrCodeWithItsClassAndTheReversalNegatesThem(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode input = FlowRig.purchase("50.00", "2", "100.00", false);
            ((ObjectNode) input.get("druginfo")).put("medfee_sumamt", "130.00");
            ArrayNode detail = (ArrayNode) input.get("drugdetail");
            detail.addObject().put("feedetl_sn", "2").put("medins_list_codg", "L-YI").put("det_item_fee_sumamt", "10.00")
                    .put("cnt", "1").put("pric", "10.00");
            detail.addObject().put("feedetl_sn", "3").put("medins_list_codg", "P-UNKNOWN").put("det_item_fee_sumamt", "10.00")
                    .put("cnt", "1").put("pric", "10.00");
            detail.addObject().put("feedetl_sn", "4").put("med_list_codg", "XZ-UNKNOWN").put("det_item_fee_sumamt", "10.00")
                    .put("cnt", "1").put("pric", "10.00");
            JsonNode settled = rig.call("2102", input);
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertEquals("脱机结算，待上传；明细 3 本地编码 P-UNKNOWN 未对照医保目录，按全自费结算；"
                    + "明细 4 医保编码 XZ-UNKNOWN 不在结算日有效的医保目录内，按全自费结算", settled.path("warn_msg").asText(),
                    "the offline notice first, then the lines' warnings");
            String receipt = EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertEquals(List.of(
                    "XA0000000000000000001 甲 2 100.00",
                    "XB0000000000000000001 乙 1 10.00",
                    "P-UNKNOWN 丙 1 10.00",
                    "XZ-UNKNOWN 丙 1 10.00"), lines(receipt), receipt);
            assertTrue(receipt.contains("统筹支付                                 76.30元"), receipt);
            assertTrue(receipt.contains("现金支付                                 53.70元"), receipt);

            assertEquals(0, rig.call("2103", FlowRig.reversalOf(settled)).path("infcode").asInt());
            String reversed = EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertTrue(reversed.contains("【撤销结算】"), reversed);
            assertEquals(List.of(
                    "XA0000000000000000001 甲 -2 -100.00",
                    "XB0000000000000000001 乙 -1 -10.00",
                    "P-UNKNOWN 丙 -1 -10.00",
                    "XZ-UNKNOWN 丙 -1 -10.00"), lines(reversed), reversed);
            assertTrue(reversed.contains("总费用                                 -130.00元"), reversed);
            assertTrue(reversed.contains("统筹支付                                -76.30元"), reversed);
            assertTrue(reversed.contains("现金支付                                -53.70元"), reversed);
            assertTrue(reversed.contains("个人账户余额                           1000.00元"), "the balance after: " + reversed);
        }
    }
}
