package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.json.Json;

/**
 * What a settlement and its reversal leave for the centre and in the store, read back from the
 * rig's SQLite file: the claim's every field (who sent it, the transaction, offline or not, the
 * answer's output), its class and order key; the reversal's claim, in the same order key with the
 * amounts negated and the kept figures not; the settlement row's reversal fields; and a 全自费
 * settlement's whole split (no fund, no account, the balance untouched). The tests with a broker
 * check the centre's side; in-process nothing pinned these fields (found by mutation testing).
 */
class SettlementClaimRecordsTest {

    private record Claim(String id, String type, String messageClass, String orderKey, JsonNode payload) {}

    private static Claim claim(FlowRig rig, String type, String orderKey) throws Exception {
        return rig.db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, type, message_class, order_key, payload FROM outbox_message"
                    + " WHERE type = ? AND order_key = ?")) {
                p.setString(1, type);
                p.setString(2, orderKey);
                try (ResultSet r = p.executeQuery()) {
                    assertTrue(r.next(), "no " + type + " claim of " + orderKey);
                    return new Claim(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            Json.parse(new String(r.getBytes(5), StandardCharsets.UTF_8), "claim"));
                }
            }
        });
    }

    @Test
    void aSettlementsClaimAndItsReversalsCarryWhoSentThemAndTheAnswersInOrder(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String msgid = rig.nextMsgid();
            JsonNode settled = rig.call("2102", msgid, "1", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            String mdtrtId = settled.at("/output/setlinfo/mdtrt_id").asText();
            assertTrue(setlId.matches(FlowRig.DEVICE + "-S\\d{8,}"), setlId);
            assertTrue(mdtrtId.matches(FlowRig.DEVICE + "-M\\d{8,}"), "a pharmacy settlement numbers its own visit: " + mdtrtId);

            Claim claim = claim(rig, "settlement", setlId);
            assertEquals("FUND", claim.messageClass(), "the fund and the account pay");
            JsonNode p = claim.payload();
            assertEquals("settlement", p.path("claim").asText());
            assertEquals("settlement", p.path("kind").asText());
            assertEquals(1, p.path("v").asInt());
            assertEquals("2102", p.path("infno").asText());
            assertEquals(msgid, p.path("msgid").asText());
            assertEquals(Envelopes.FIXMEDINS, p.path("fixmedins_code").asText());
            assertEquals("371500", p.path("admdvs").asText());
            assertEquals(FlowRig.DEVICE, p.path("device_id").asText());
            assertEquals("1", p.path("opter_type").asText());
            assertTrue(p.path("offline").isBoolean() && p.path("offline").asBoolean(), p.toString());
            assertEquals(settled.path("output"), p.path("output"), "the claim's output is the answer's");
            assertEquals(claim.id(), rig.text("SELECT claim_id FROM settlement WHERE setl_id = '" + setlId + "'"));
            assertEquals("2102", rig.text("SELECT infno FROM settlement WHERE setl_id = '" + setlId + "'"));
            assertEquals(msgid, rig.text("SELECT msgid FROM settlement WHERE setl_id = '" + setlId + "'"));

            String reversalMsgid = rig.nextMsgid();
            JsonNode reversed = rig.call("2103", reversalMsgid, "1", FlowRig.reversalOf(setlId, mdtrtId));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            assertEquals("脱机结算，待上传", reversed.path("warn_msg").asText(), "a reversal made offline says so");
            Claim reversal = claim(rig, "reversal", setlId);
            assertEquals("REVERSAL", reversal.messageClass());
            JsonNode r = reversal.payload();
            assertEquals("reversal", r.path("claim").asText());
            assertEquals("reversal", r.path("kind").asText());
            assertEquals("2103", r.path("infno").asText());
            assertEquals(reversalMsgid, r.path("msgid").asText());
            assertTrue(r.path("offline").asBoolean(), r.toString());
            assertEquals(reversed.path("output"), r.path("output"));
            JsonNode before = settled.at("/output/setlinfo");
            JsonNode after = reversed.at("/output/setlinfo");
            for (String amount : new String[] {"medfee_sumamt", "fund_pay_sumamt", "acct_pay", "psn_cash_pay", "hifp_pay"}) {
                assertEquals(0, after.path(amount).decimalValue().compareTo(before.path(amount).decimalValue().negate()), amount);
            }
            assertEquals(0, after.path("pool_prop_selfpay").decimalValue().compareTo(before.path("pool_prop_selfpay").decimalValue()),
                    "a ratio keeps its sign");
            assertEquals(before.path("setl_id"), after.path("setl_id"), "not an amount: as it was");
            assertEquals(before.path("psn_name"), after.path("psn_name"));
            assertEquals("REVERSED", rig.text("SELECT state FROM settlement WHERE setl_id = '" + setlId + "'"));
            assertEquals(reversalMsgid, rig.text("SELECT reversal_msgid FROM settlement WHERE setl_id = '" + setlId + "'"));
            assertEquals(reversal.id(), rig.text("SELECT reversal_claim_id FROM settlement WHERE setl_id = '" + setlId + "'"));
            assertEquals(rig.clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDateTime().toString(),
                    rig.text("SELECT reversal_time FROM settlement WHERE setl_id = '" + setlId + "'"));
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong(), "the account got back what it paid");

            JsonNode again = rig.call("2103", FlowRig.reversalOf(setlId, mdtrtId));
            assertEquals("1361", again.path("term_errcode").asText(), again.toString());
            assertEquals(1, rig.scalar("SELECT count(*) FROM outbox_message WHERE type = 'reversal'"), "one reversal claim");
            JsonNode unknown = rig.call("2103", FlowRig.reversalOf(FlowRig.DEVICE + "-S00000099", mdtrtId));
            assertEquals("1360", unknown.path("term_errcode").asText(), unknown.toString());
        }
    }

    @Test
    void aSelfPayOnlySettlementPaysAllInCashAndMovesNothing(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode input = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) input.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode pre = rig.call("2101", input);
            assertEquals(0, pre.path("infcode").asInt(), pre.toString());
            JsonNode cash = rig.call("2102", input);
            assertEquals(0, cash.path("infcode").asInt(), cash.toString());
            JsonNode s = cash.at("/output/setlinfo");
            assertEquals(pre.at("/output/setlinfo/psn_cash_pay"), s.path("psn_cash_pay"), "2101 answers the split 2102 settles");
            for (String zero : new String[] {"fund_pay_sumamt", "hifp_pay", "acct_pay"}) {
                assertEquals(0, s.path(zero).decimalValue().signum(), zero + ": " + s);
            }
            assertEquals(0, s.path("psn_cash_pay").decimalValue().compareTo(s.path("medfee_sumamt").decimalValue()), s.toString());
            assertEquals(0, s.path("psn_part_amt").decimalValue().compareTo(s.path("medfee_sumamt").decimalValue()), s.toString());
            assertEquals(0, s.path("balc").decimalValue().compareTo(new java.math.BigDecimal("1000.00")), "the balance before: " + s);
            assertEquals(0, s.path("pool_prop_selfpay").decimalValue().signum(), s.toString());
            assertEquals(0, s.path("act_pay_dedc").decimalValue().signum(), s.toString());
            assertEquals(0, s.path("hosp_part_amt").decimalValue().signum(), s.toString());
            assertEquals(pre.at("/output/setlinfo/inscp_scp_amt"), s.path("inscp_scp_amt"));
            assertTrue(s.path("inscp_scp_amt").decimalValue().signum() > 0, "the line's in-scope amount stays as computed: " + s);
            assertEquals("脱机结算，待上传；全自费结算，基金和个人账户不支付", cash.path("warn_msg").asText());
            String setlId = s.path("setl_id").asText();
            assertEquals("SELF_PAY", claim(rig, "settlement", setlId).messageClass());
            assertEquals(0, rig.scalar("SELECT d_fund_paid + d_dedc_used + d_inscp_over_dedc FROM settlement"));
            assertEquals(0, rig.scalar("SELECT acct_pay + fund_pay_sumamt FROM settlement"));
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(0, cash.at("/output/setldetail").size(), "no fund pays: " + cash);
        }
    }
}
