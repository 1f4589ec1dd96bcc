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
        ObjectNode counted = newInsured("900.00");
        counted.putArray("term_claims").add(acked(rig, settled));
        centre.add(counted);
    }

    @Test
    void reversedAfterTheCentreRefreshedThePerson(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode settled = settledAndAcked(centre, rig);
            centreCounts(centre, rig, settled);
            JsonNode refreshed = rig.call("1101", byId());
            assertEquals("900.00", refreshed.at("/output/insuinfo/0/balc").decimalValue().toPlainString(), refreshed.toString());

            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, reversed.path("infcode").asInt(), "the reversal is answered: " + reversed);
            assertEquals(1000_00, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong(), "100.00 back on the account");
        }
    }

    /** Waits until the centre has acknowledged the settlement's claim; its id. */
    private static String acked(FlowRig rig, JsonNode settled) throws Exception {
        String claim = rig.flows.settlements().find(settled.at("/output/setlinfo/setl_id").asText()).orElseThrow().claimId();
        Eventually.await(Duration.ofSeconds(20), () -> rig.outbox.find(claim).orElseThrow().state() == MessageState.ACKED,
                () -> "claim not acknowledged");
        return claim;
    }

    /** 张三 (310, account 1000.00) identified, a 100.00 甲类 purchase paid from the account, acknowledged; its answer. */
    private static JsonNode employeeSettledAndAcked(CentreRig centre, FlowRig rig) throws Exception {
        centre.add(FlowRig.employee());
        assertEquals(0, rig.call("1101", byId()).path("infcode").asInt());
        JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
        assertEquals(0, settled.path("infcode").asInt(), settled.toString());
        acked(rig, settled);
        return settled;
    }

    /**
     * The person moved from 职工 (310) to 居民 (390) insurance after a purchase paid from the 310
     * account: the centre's next 1101 lists only 390, so the refresh drops the 310 balance row.
     * The reversal must still be answered (the reversal claim refunds the account at the
     * centre); it answered 1019 on every try (judge's review of 2026-12-07).
     */
    @Test
    void reversedAfterTheCentreStoppedListingTheSettledInsutype(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode settled = employeeSettledAndAcked(centre, rig);
            ObjectNode resident = FlowRig.employee();
            ((ObjectNode) resident.at("/insuinfo/0")).put("insutype", "390").put("psn_type", "11").put("balc", 0);
            centre.add(resident);
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt());

            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, reversed.path("infcode").asInt(), "the reversal is answered: " + reversed);
        }
    }

    /**
     * The centre acknowledged the claim but its year-to-date figures do not count it yet (its
     * accounts lag its acks): the refresh lays those figures, lower than the settlement's delta,
     * over the local ones. The reversal must not take them below zero, nor fail on it (the
     * accumulator table's CHECK refused it: 1019 on every try; judge's review of 2026-12-07).
     */
    @Test
    void reversedWhileTheCentresFiguresDoNotYetCountTheSettlement(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode settled = employeeSettledAndAcked(centre, rig);
            assertEquals("70.00", settled.at("/output/setlinfo/hifp_pay").decimalValue().toPlainString(), settled.toString());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt()); // the centre's figures: fund_paid 0

            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, reversed.path("infcode").asInt(), "the reversal is answered: " + reversed);
            assertEquals(0, rig.scalar("SELECT fund_paid FROM accumulator WHERE psn_no = '" + FlowRig.PSN + "'"),
                    "floored at zero, not below");
        }
    }

    @Test
    void identifiedAgainRightAfterTheReversal(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode settled = settledAndAcked(centre, rig);
            centreCounts(centre, rig, settled);
            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());

            JsonNode again = rig.call("1101", byId()); // the centre has counted the settlement, not yet the reversal
            assertEquals(0, again.path("infcode").asInt(), "the person is identified again: " + again);
            assertEquals("1000.00", again.at("/output/insuinfo/0/balc").decimalValue().toPlainString());
        }
    }
}
