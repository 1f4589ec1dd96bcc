package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person cached under one psn_no whom the centre has since answered, by the same ID number, under
 * another (人员编号 re-issued, records merged): the old psn_no is no longer the person's. Its cached
 * row still holds the balance and accumulators of before, so a 2101/2102 naming it (a host that kept
 * the old number) would pay the same account and the same annual cap a second time, offline with no
 * one to notice. It is refused 1309; the new psn_no settles, and the old one's settlements can still
 * be reversed.
 */
class CachedPersonRenumberedTest {
    private static final String NEW_PSN = "37150000000000000099";

    @Test
    void theOldPsnNoOfARenumberedPersonIsRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode before = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, before.path("infcode").asInt(), before.toString());

            rig.clock.advance(Duration.ofMinutes(5));
            ObjectNode renumbered = FlowRig.employee();
            ((ObjectNode) renumbered.get("baseinfo")).put("psn_no", NEW_PSN);
            rig.seed(renumbered);

            JsonNode old = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(-1, old.path("infcode").asInt(), old.toString());
            assertEquals("1309", old.path("term_errcode").asText(), old.toString());

            ObjectNode current = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) current.get("druginfo")).put("psn_no", NEW_PSN);
            JsonNode settled = rig.call("2102", current);
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());

            ObjectNode reversal = FlowRig.JSON.createObjectNode();
            reversal.putObject("data").put("setl_id", before.at("/output/setlinfo/setl_id").asText())
                    .put("mdtrt_id", before.at("/output/setlinfo/mdtrt_id").asText()).put("psn_no", FlowRig.PSN);
            JsonNode reversed = rig.call("2103", reversal);
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
        }
    }
}
