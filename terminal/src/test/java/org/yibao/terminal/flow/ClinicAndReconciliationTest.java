package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * The clinic flow (2201 → 2204 → 2206 → 2207 → 2208) for a 门慢 visit (med_type 14, M03900:
 * rule chronic, 80 %, no account) and 3201 against the claims the reference centre acknowledged.
 */
class ClinicAndReconciliationTest {

    private static ObjectNode data(String... pairs) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode d = input.putObject("data");
        for (int i = 0; i < pairs.length; i += 2) d.put(pairs[i], pairs[i + 1]);
        return input;
    }

    private static ObjectNode recon(String medfee, String fund, String count, String refd) {
        return data("insutype", "310", "clr_type", "11", "setl_optins", "371500", "stmt_begndate", "2027-01-15",
                "stmt_enddate", "2027-01-15", "medfee_sumamt", medfee, "fund_pay_sumamt", fund, "acct_pay", "0",
                "fixmedins_setl_cnt", count, "refd_setl_flag", refd);
    }

    @Test
    void aChronicVisitIsRegisteredSplitSettledReconciledAndReversed(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            rig.seed(FlowRig.employee());
            JsonNode reg = rig.call("2201", data("psn_no", FlowRig.PSN, "insutype", "310", "ipt_otp_no", "OP-1",
                    "mdtrt_cert_type", "02", "mdtrt_cert_no", FlowRig.CERTNO, "begntime", "2027-01-15 09:00:00"));
            assertEquals(0, reg.path("infcode").asInt(), reg.toString());
            String mdtrtId = reg.at("/output/data/mdtrt_id").asText();
            assertTrue(mdtrtId.startsWith(FlowRig.DEVICE + "-M"), mdtrtId);

            ObjectNode fees = FlowRig.JSON.createObjectNode();
            fees.putArray("feedetail").addObject().put("feedetl_sn", "1").put("mdtrt_id", mdtrtId)
                    .put("psn_no", FlowRig.PSN).put("med_type", "14").put("med_list_codg", Fixtures.YI)
                    .put("det_item_fee_sumamt", "100.00").put("cnt", "4").put("pric", "25.00");
            JsonNode split = rig.call("2204", fees);
            assertEquals(0, split.path("infcode").asInt(), split.toString());
            assertEquals("10.00", split.at("/output/result/0/preselfpay_amt").decimalValue().toPlainString());
            assertEquals("90.00", split.at("/output/result/0/inscp_scp_amt").decimalValue().toPlainString());

            ObjectNode settle = data("psn_no", FlowRig.PSN, "mdtrt_id", mdtrtId, "med_type", "14", "dise_codg", "M03900",
                    "insutype", "310", "acct_used_flag", "0", "medfee_sumamt", "100.00", "mdtrt_cert_type", "02");
            ObjectNode pharmacy = settle.deepCopy();
            ((ObjectNode) pharmacy.get("data")).put("med_type", "41");
            assertEquals("1369", rig.call("2206", pharmacy).path("term_errcode").asText(), "2206/2207 take med_type 11 or 14");
            JsonNode pre = rig.call("2206", settle);
            assertEquals("72.00", pre.at("/output/setlinfo/hifp_pay").decimalValue().toPlainString(), pre.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            ObjectNode changed = settle.deepCopy();
            ((ObjectNode) changed.get("data")).put("preselfpay_amt", "0.00").put("inscp_scp_amt", "100.00");
            JsonNode refused = rig.call("2207", changed);
            assertEquals("1313", refused.path("term_errcode").asText(), "a split other than the one settled now: " + refused);
            assertTrue(refused.path("err_msg").asText().contains("preselfpay_amt"), refused.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            ObjectNode data = (ObjectNode) settle.get("data");
            for (String part : new String[] {"fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt"}) {
                data.set(part, pre.at("/output/setlinfo/" + part)); // the host sends back what its 2206 showed
            }
            JsonNode done = rig.call("2207", settle);
            assertEquals(0, done.path("infcode").asInt(), done.toString());
            assertEquals(mdtrtId, done.at("/output/setlinfo/mdtrt_id").asText());
            assertEquals("11", done.at("/output/setlinfo/clr_type").asText());
            assertEquals("28.00", done.at("/output/setlinfo/psn_cash_pay").decimalValue().toPlainString());
            assertEquals(7_200, rig.scalar("SELECT fund_paid FROM accumulator WHERE accu_group = 'chronic:M03900'"));
            assertEquals("1368", rig.call("2207", settle).path("term_errcode").asText(), "a visit settles once");

            String setlId = done.at("/output/setlinfo/setl_id").asText();
            String claim = rig.flows.settlements().find(setlId).orElseThrow().claimId();
            Eventually.await(Duration.ofSeconds(20), () -> rig.outbox.find(claim).orElseThrow().state() == MessageState.ACKED,
                    () -> "claim not acknowledged");
            JsonNode balanced = rig.call("3201", recon("100.00", "72.00", "1", "1"));
            assertEquals("0", balanced.at("/output/stmtinfo/stmt_rslt").asText(), balanced.toString());
            JsonNode hostDiffers = rig.call("3201", recon("100.00", "70.00", "1", "1"));
            assertEquals("1", hostDiffers.at("/output/stmtinfo/stmt_rslt").asText(), hostDiffers.toString());

            rig.uplink.close();
            JsonNode reversed = rig.call("2208", data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", FlowRig.PSN));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            assertEquals("-72.00", reversed.at("/output/setlinfo/hifp_pay").decimalValue().toPlainString());
            assertEquals(0, rig.scalar("SELECT fund_paid FROM accumulator WHERE accu_group = 'chronic:M03900'"));
            JsonNode unacked = rig.call("3201", recon("0.00", "0.00", "2", "1"));
            assertEquals("1", unacked.at("/output/stmtinfo/stmt_rslt").asText(), unacked.toString());
            assertEquals(setlId, unacked.at("/output/term_diff/0/setl_id").asText());
            assertEquals("reversal", unacked.at("/output/term_diff/0/kind").asText());
            assertEquals(done.at("/output/setlinfo/acct_pay").decimalValue().negate(),
                    unacked.at("/output/term_diff/0/acct_pay").decimalValue(), "3201 compares acct_pay, so the entry shows it");
            assertEquals("100.00", unacked.at("/output/term_acked/medfee_sumamt").decimalValue().toPlainString());
            // refd_setl_flag 0: the (unacknowledged) reversal is left out, the acknowledged settlement still counts.
            JsonNode without = rig.call("3201", recon("100.00", "72.00", "1", "0"));
            assertEquals("0", without.at("/output/stmtinfo/stmt_rslt").asText(), "reversals left out: " + without);
        }
    }
}
