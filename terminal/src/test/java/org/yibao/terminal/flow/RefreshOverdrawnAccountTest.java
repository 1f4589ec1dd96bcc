package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The centre's figures replace the cached ones while a local account payment is not counted in them
 * yet, and the person has meanwhile spent the account elsewhere (another pharmacy, online): the
 * centre's balc less the payment it has not counted is below zero. The person is identified on the
 * centre's figures with nothing left on the account (balc 0.00), not refused, and above all not left
 * on the cached figures of before, from which the account would pay again what it no longer has.
 */
class RefreshOverdrawnAccountTest {

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    @Test
    void anAccountSpentElsewhereMeanwhileIsLeftAtZero(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals("30.00", settled.at("/output/setlinfo/acct_pay").decimalValue().toPlainString(), settled.toString());

            ObjectNode spent = FlowRig.employee(); // 980.00 spent elsewhere; this terminal's claim not counted yet
            ((ObjectNode) spent.at("/insuinfo/0")).put("balc", new BigDecimal("20.00"));
            spent.putArray("term_claims");
            centre.add(spent);
            JsonNode again = rig.call("1101", byId());
            assertEquals(0, again.path("infcode").asInt(), again.toString());
            assertEquals("online", again.at("/output/term_source").asText(), again.toString());
            assertEquals("0.00", again.at("/output/insuinfo/0/balc").decimalValue().toPlainString(), again.toString());

            JsonNode next = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, next.path("infcode").asInt(), next.toString());
            assertEquals("0.00", next.at("/output/setlinfo/acct_pay").decimalValue().toPlainString(), next.toString());
        }
    }
}
