package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1101 answer with two insuinfo rows of one insutype - the history a centre keeps of a person who
 * changed employer: one row 终止参保 (4) with what was left of it, one 正常参保 (1) now - settles on the
 * row in force, whichever comes first: its status, its psn_type and its balance (the spec's "the
 * matching insuinfo row's balc"), never a mix of the two rows.
 */
class InsuinfoRowsTest {

    private static ObjectNode row(String stas, String psnType, String balc) {
        ObjectNode r = FlowRig.JSON.createObjectNode();
        r.put("balc", new java.math.BigDecimal(balc)).put("insutype", "310").put("psn_type", psnType)
                .put("psn_insu_stas", stas).put("insuplc_admdvs", "371500");
        return r;
    }

    private static ObjectNode withRows(ObjectNode... rows) {
        ObjectNode person = FlowRig.employee();
        ArrayNode insuinfo = person.putArray("insuinfo");
        for (ObjectNode r : rows) insuinfo.add(r);
        return person;
    }

    private static void assertPaid(JsonNode answer, String hifp, String acct, String balc) {
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals(hifp, answer.at("/output/setlinfo/hifp_pay").decimalValue().toPlainString(), answer.toString());
        assertEquals(acct, answer.at("/output/setlinfo/acct_pay").decimalValue().toPlainString(), answer.toString());
        assertEquals(balc, answer.at("/output/setlinfo/balc").decimalValue().toPlainString(), answer.toString());
    }

    @Test
    void aTerminatedRowBeforeTheRowInForceDoesNotRefuseTheSettlement(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(withRows(row("4", "11", "0.00"), row("1", "11", "1000.00")));
            assertPaid(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)), "70.00", "30.00", "970.00");
        }
    }

    @Test
    void theBalanceIsTheRowInForcesNotTheLastRowsOfTheInsutype(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(withRows(row("1", "11", "1000.00"), row("4", "11", "0.00")));
            assertPaid(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)), "70.00", "30.00", "970.00");
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
        }
    }

    @Test
    void theRuleIsChosenByTheRowInForcesPsnType(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            // 在职 (11) until terminated, 退休 (12) now: the retired rule (100.00 deductible, 75%), not the active one's
            ObjectNode person = withRows(row("4", "11", "0.00"), row("1", "12", "1000.00"));
            ((ObjectNode) person.get("term_accuinfo").get(0)).put("dedc_used", new java.math.BigDecimal("100.00"));
            rig.seed(person);
            ObjectNode purchase = FlowRig.purchase("50.00", "2", "100.00", false);
            assertPaid(rig.call("2101", purchase), "75.00", "0.00", "1000.00");
        }
    }
}
