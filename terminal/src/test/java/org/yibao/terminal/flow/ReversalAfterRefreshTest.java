package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * A settlement that moves no accumulator (a 丙类 purchase paid from the account: delta 0/0/0,
 * acct_pay 100.00) of a person the centre holds no accumulator row for. Once the centre has
 * counted it, its 1101 answer has the new balance and still no row, so the refresh drops the row
 * the settlement had made locally; the reversal, and a 1101 while the centre has not yet counted
 * the reversal, must still work (both answered 1019 before: found by the reversal review of
 * 2026-12-06).
 */
class ReversalAfterRefreshTest {

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    private static ObjectNode newInsured(String balc) {
        ObjectNode p = FlowRig.employee();
        p.putArray("term_accuinfo");
        ((ObjectNode) p.at("/insuinfo/0")).put("balc", new BigDecimal(balc));
        return p;
    }

    private static ObjectNode bingFromAccount() {
        ObjectNode input = FlowRig.purchase("50.00", "2", "100.00", true);
        ((ObjectNode) input.get("drugdetail").get(0)).put("med_list_codg", Fixtures.BING);
        return input;
    }

    private static ObjectNode reversal(JsonNode settled) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("setl_id", settled.at("/output/setlinfo/setl_id").asText())
                .put("mdtrt_id", settled.at("/output/setlinfo/mdtrt_id").asText()).put("psn_no", FlowRig.PSN);
        return input;
    }

    /** Identifies, settles from the account, waits for the centre's ack; the settlement's answer. */
    private static JsonNode settledAndAcked(CentreRig centre, FlowRig rig) throws Exception {
        centre.add(newInsured("1000.00"));
        assertEquals(0, rig.call("1101", byId()).path("infcode").asInt());
        JsonNode settled = rig.call("2102", bingFromAccount());
        assertEquals(0, settled.path("infcode").asInt(), settled.toString());
        assertEquals("100.00", settled.at("/output/setlinfo/acct_pay").decimalValue().toPlainString());
        assertEquals("0.00", settled.at("/output/setlinfo/fund_pay_sumamt").decimalValue().toPlainString());
        return settled;
    }

    /** The centre's answer from now on: the settlement counted (balance 900.00), still no accumulator row. */
    private static void centreCounts(CentreRig centre, FlowRig rig, JsonNode settled) throws Exception {
        String claim = rig.flows.settlements().find(settled.at("/output/setlinfo/setl_id").asText()).orElseThrow().claimId();
        Eventually.await(Duration.ofSeconds(20), () -> rig.outbox.find(claim).orElseThrow().state() == MessageState.ACKED,
                () -> "claim not acknowledged");
        ObjectNode counted = newInsured("900.00");
        counted.putArray("term_claims").add(claim);
        centre.add(counted);
    }

    @Test
    void reversedAfterTheCentreRefreshedThePerson(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode settled = settledAndAcked(centre, rig);
            centreCounts(centre, rig, settled);
            JsonNode refreshed = rig.call("1101", byId());
            assertEquals("900.00", refreshed.at("/output/insuinfo/0/balc").decimalValue().toPlainString(), refreshed.toString());

            JsonNode reversed = rig.call("2103", reversal(settled));
            assertEquals(0, reversed.path("infcode").asInt(), "the reversal is answered: " + reversed);
            assertEquals(1000_00, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong(), "100.00 back on the account");
        }
    }

    @Test
    void identifiedAgainRightAfterTheReversal(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode settled = settledAndAcked(centre, rig);
            centreCounts(centre, rig, settled);
            JsonNode reversed = rig.call("2103", reversal(settled));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());

            JsonNode again = rig.call("1101", byId()); // the centre has counted the settlement, not yet the reversal
            assertEquals(0, again.path("infcode").asInt(), "the person is identified again: " + again);
            assertEquals("1000.00", again.at("/output/insuinfo/0/balc").decimalValue().toPlainString());
        }
    }
}
