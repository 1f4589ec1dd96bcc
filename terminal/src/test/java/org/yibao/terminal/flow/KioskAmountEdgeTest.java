package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk's amount limit at its exact edge (the rig's kiosk: 200.00 a settlement): a purchase of
 * exactly the limit settles, one fen more is 1371 naming both amounts; a counter (opter_type 1)
 * has no such limit. Found by mutation testing: the limit was tested only far from its edge.
 */
class KioskAmountEdgeTest {

    private static ObjectNode byCard(String amount) {
        ObjectNode purchase = FlowRig.purchase(amount, "1", amount, false);
        ((ObjectNode) purchase.get("druginfo")).put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD);
        return purchase;
    }

    @Test
    void aKioskSettlesExactlyItsLimitAndRefusesOneFenMore(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode atLimit = rig.call("2101", rig.nextMsgid(), "2", byCard("200.00"));
            assertEquals(0, atLimit.path("infcode").asInt(), atLimit.toString());
            JsonNode over = rig.call("2101", rig.nextMsgid(), "2", byCard("200.01"));
            assertEquals("1371", over.path("term_errcode").asText(), over.toString());
            String msg = over.path("err_msg").asText();
            assertEquals("medfee_sumamt 200.01，上限 200.00", msg.substring(msg.indexOf('：') + 1));
            JsonNode counter = rig.call("2101", rig.nextMsgid(), "1", byCard("200.01"));
            assertEquals(0, counter.path("infcode").asInt(), "the counter has no kiosk limit: " + counter);
        }
    }
}
