package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * Malformed business fields (a time that is no real yyyy-MM-dd HH:mm:ss, a mdtrt_cert_type
 * outside 01/02/03, a term_selfpay_only other than 0/1) are refused through the real API with
 * the field's path, and the terminal is left as it was: no settlement, line, claim, receipt,
 * accumulator, balance, visit or recorded answer. Offline, where a good 2102 settles at once.
 */
class MalformedFieldsFlowTest {

    /** Everything a 2102 or a clinic call could have written, as one comparable line. */
    private static String footprint(FlowRig rig) throws SQLException {
        return rig.db.read(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("""
                    SELECT (SELECT count(*) FROM settlement) || '/' || (SELECT count(*) FROM settlement_line)
                        || '/' || (SELECT count(*) FROM outbox_message) || '/' || (SELECT count(*) FROM receipt_kept)
                        || '/' || (SELECT count(*) FROM clinic_visit) || '/' || (SELECT coalesce(group_concat(fees_json), '') FROM clinic_visit)
                        || '/' || (SELECT total(dedc_used) || ',' || total(fund_paid) || ',' || total(inscp_over_dedc)
                                   FROM accumulator)
                        || '/' || (SELECT coalesce(group_concat(balance), '') FROM account_balance)""")) {
                r.next();
                return r.getString(1);
            }
        });
    }

    private static long recorded(FlowRig rig, String msgid) throws SQLException {
        return rig.scalar("SELECT count(*) FROM idempotent_reply WHERE msgid = '" + msgid + "'");
    }

    private static void assertRefused(JsonNode answer, String code, String path) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertEquals(code, answer.path("term_errcode").asText(), answer.toString());
        assertTrue(answer.path("err_msg").asText().contains(path), answer.path("err_msg").asText());
    }

    private static ObjectNode purchaseWith(String field, String value) {
        ObjectNode input = FlowRig.purchase("50.00", "2", "100.00", true);
        ((ObjectNode) input.get("druginfo")).put(field, value);
        return input;
    }

    @Test
    void aSettlementWithABadFieldIsRefusedAndWritesNothingThenSettlesOnceCorrected(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String before = footprint(rig);
            String msgid = rig.nextMsgid();
            JsonNode badBegntime = rig.call("2102", msgid, "1", purchaseWith("begntime", "2026-13-45 99:00:00"));
            assertRefused(badBegntime, "1027", "input.druginfo.begntime");
            assertEquals(before, footprint(rig), "nothing written for the refusal");
            assertEquals(0, recorded(rig, msgid), "a refusal is not recorded");

            assertRefused(rig.call("2102", purchaseWith("begntime", "yesterday")), "1027", "input.druginfo.begntime");
            assertRefused(rig.call("2101", purchaseWith("begntime", "yesterday")), "1027", "input.druginfo.begntime");
            ObjectNode badLine = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) badLine.get("drugdetail").get(0)).put("fee_ocur_time", "xx");
            assertRefused(rig.call("2102", badLine), "1027", "input.drugdetail[0].fee_ocur_time");
            assertRefused(rig.call("2102", purchaseWith("mdtrt_cert_type", "09")), "1028", "input.druginfo.mdtrt_cert_type");
            assertRefused(rig.call("2102", purchaseWith("term_selfpay_only", "x")), "1028", "input.druginfo.term_selfpay_only");
            assertEquals(before, footprint(rig), "nothing written for any of the refusals");

            JsonNode ok = rig.call("2102", msgid, "1", purchaseWith("begntime", "2027-01-15 09:00:00"));
            assertEquals(0, ok.path("infcode").asInt(), "the refused msgid settles once corrected: " + ok);
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    @Test
    void theClinicFlowChecksItsTimesAndCodesBeforeWriting(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String before = footprint(rig);
            ObjectNode register = FlowRig.JSON.createObjectNode();
            register.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("begntime", "2027-02-30 09:00:00");
            assertRefused(rig.call("2201", register), "1027", "input.data.begntime");
            assertEquals(before, footprint(rig), "no visit for a refused 2201");

            ((ObjectNode) register.get("data")).put("begntime", "");
            JsonNode reg = rig.call("2201", register);
            assertEquals(0, reg.path("infcode").asInt(), "an empty begntime is allowed: " + reg);
            String mdtrtId = reg.at("/output/data/mdtrt_id").asText();
            assertEquals(1, rig.scalar("SELECT count(*) FROM clinic_visit WHERE begntime = ''"),
                    "an empty begntime records none (the terminal's clock is not the host's)");

            ObjectNode fees = FlowRig.JSON.createObjectNode();
            ObjectNode line = fees.putArray("feedetail").addObject().put("feedetl_sn", "1").put("mdtrt_id", mdtrtId)
                    .put("psn_no", FlowRig.PSN).put("med_type", "11").put("fee_ocur_time", "xx")
                    .put("med_list_codg", Fixtures.JIA).put("det_item_fee_sumamt", "100.00").put("cnt", "2").put("pric", "50.00");
            String registered = footprint(rig);
            assertRefused(rig.call("2204", fees), "1027", "input.feedetail[0].fee_ocur_time");
            assertEquals(registered, footprint(rig), "the visit's fees unchanged");
            line.put("fee_ocur_time", "2027-01-15 09:05:00");
            ObjectNode second = ((com.fasterxml.jackson.databind.node.ArrayNode) fees.get("feedetail")).addObject()
                    .put("feedetl_sn", "2").put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN).put("med_type", "11")
                    .put("med_list_codg", Fixtures.JIA).put("det_item_fee_sumamt", "-50.00").put("cnt", "-1").put("pric", "50.00");
            // the host sent feedetail, not drugdetail: the refusal names its own field
            assertRefused(rig.call("2204", fees), "1024", "input.feedetail[1].det_item_fee_sumamt");
            ((com.fasterxml.jackson.databind.node.ArrayNode) fees.get("feedetail")).remove(1);
            assertEquals(registered, footprint(rig), "the visit's fees unchanged");
            assertEquals(0, rig.call("2204", fees).path("infcode").asInt());

            String uploaded = footprint(rig);
            ObjectNode settle = FlowRig.JSON.createObjectNode();
            ObjectNode data = settle.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "11")
                    .put("insutype", "310").put("acct_used_flag", "0").put("medfee_sumamt", "100.00").put("mdtrt_cert_type", "09");
            assertRefused(rig.call("2207", settle), "1028", "input.data.mdtrt_cert_type");
            data.put("mdtrt_cert_type", "02").put("term_selfpay_only", "x");
            assertRefused(rig.call("2207", settle), "1028", "input.data.term_selfpay_only");
            data.put("term_selfpay_only", "0").put("acct_used_flag", "7");
            assertRefused(rig.call("2207", settle), "1028", "input.data.acct_used_flag");
            assertEquals(uploaded, footprint(rig), "nothing settled");
        }
    }

    /**
     * A clinic field of the wrong JSON type (an object, an array or a boolean where the contract
     * has text) is refused 1022 naming it, as 2101's are: not taken as "" (then accepted, or
     * refused as missing 1021) nor as the text "true" (then refused as an unknown visit, person,
     * insutype or med_type).
     */
    @Test
    void theClinicFlowRefusesAFieldOfTheWrongTypeAsSuchBeforeWriting(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String before = footprint(rig);
            ObjectNode register = FlowRig.JSON.createObjectNode();
            ObjectNode reg = register.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310");
            reg.putObject("ipt_otp_no");
            assertRefused(rig.call("2201", register), "1022", "input.data.ipt_otp_no");
            reg.put("ipt_otp_no", "OP-1").put("psn_no", true);
            assertRefused(rig.call("2201", register), "1022", "input.data.psn_no");
            reg.put("psn_no", FlowRig.PSN).putArray("insutype");
            assertRefused(rig.call("2201", register), "1022", "input.data.insutype");
            register.putArray("data");
            assertRefused(rig.call("2201", register), "1022", "input.data");
            assertEquals(before, footprint(rig), "no visit for a refused 2201");

            register.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310");
            String mdtrtId = rig.call("2201", register).at("/output/data/mdtrt_id").asText();
            ObjectNode fees = FlowRig.JSON.createObjectNode();
            ObjectNode line = fees.putArray("feedetail").addObject().put("feedetl_sn", "1").put("mdtrt_id", mdtrtId)
                    .put("psn_no", FlowRig.PSN).put("med_type", true).put("med_list_codg", Fixtures.JIA)
                    .put("det_item_fee_sumamt", "100.00").put("cnt", "2").put("pric", "50.00");
            String registered = footprint(rig);
            assertRefused(rig.call("2204", fees), "1022", "input.feedetail[0].med_type");
            line.put("med_type", "14").putObject("psn_no");
            assertRefused(rig.call("2204", fees), "1022", "input.feedetail[0].psn_no");
            line.put("psn_no", FlowRig.PSN).putArray("mdtrt_id");
            assertRefused(rig.call("2204", fees), "1022", "input.feedetail[0].mdtrt_id");
            assertEquals(registered, footprint(rig), "the visit's fees unchanged");
            line.put("mdtrt_id", mdtrtId);
            assertEquals(0, rig.call("2204", fees).path("infcode").asInt());

            String uploaded = footprint(rig);
            ObjectNode settle = FlowRig.JSON.createObjectNode();
            ObjectNode data = settle.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "14")
                    .put("dise_codg", "M03900").put("insutype", "310").put("acct_used_flag", "0").put("medfee_sumamt", "100.00");
            data.putObject("invono");
            assertRefused(rig.call("2207", settle), "1022", "input.data.invono");
            data.put("invono", "INV-1").put("med_type", true);
            assertRefused(rig.call("2207", settle), "1022", "input.data.med_type");
            data.put("med_type", "14").putArray("dise_codg");
            assertRefused(rig.call("2207", settle), "1022", "input.data.dise_codg");
            data.put("dise_codg", "M03900").putObject("acct_used_flag");
            assertRefused(rig.call("2207", settle), "1022", "input.data.acct_used_flag");
            data.put("acct_used_flag", "0").put("insutype", false);
            assertRefused(rig.call("2207", settle), "1022", "input.data.insutype");
            data.put("insutype", "310").putObject("mdtrt_id");
            assertRefused(rig.call("2207", settle), "1022", "input.data.mdtrt_id");
            data.put("mdtrt_id", mdtrtId).putArray("psn_no");
            assertRefused(rig.call("2206", settle), "1022", "input.data.psn_no");
            settle.put("data", "{}");
            assertRefused(rig.call("2206", settle), "1022", "input.data");
            assertEquals(uploaded, footprint(rig), "nothing settled");
        }
    }

    /**
     * 1101 and the reprint call read their fields as the settlements do: a field of the wrong JSON
     * type is 1022 naming it, not taken as "" (then asked for as missing, 1021) nor as the text
     * "true" (then an unknown credential type, 1353).
     */
    @Test
    void identificationAndReprintRefuseAFieldOfTheWrongTypeAsSuch(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode identify = FlowRig.JSON.createObjectNode();
            ObjectNode data = identify.putObject("data").put("mdtrt_cert_type", "02");
            data.putObject("mdtrt_cert_no");
            assertRefused(rig.call("1101", identify), "1022", "input.data.mdtrt_cert_no");
            data.put("mdtrt_cert_no", "D00000001").put("mdtrt_cert_type", true);
            assertRefused(rig.call("1101", identify), "1022", "input.data.mdtrt_cert_type");
            data.put("mdtrt_cert_type", "03").putArray("card_sn");
            assertRefused(rig.call("1101", identify), "1022", "input.data.card_sn");
            data.put("card_sn", "371500D156000005").putObject("certno");
            assertRefused(rig.call("1101", identify), "1022", "input.data.certno");
            identify.putArray("data");
            assertRefused(rig.call("1101", identify), "1022", "input.data");

            ObjectNode reprint = FlowRig.JSON.createObjectNode();
            reprint.putObject("data").putObject("setl_id");
            assertRefused(rig.call("term_receipt_reprint", reprint), "1022", "input.data.setl_id");
            reprint.putObject("data").put("setl_id", "S1").put("kind", true);
            assertRefused(rig.call("term_receipt_reprint", reprint), "1022", "input.data.kind");
            reprint.put("data", "S1");
            assertRefused(rig.call("term_receipt_reprint", reprint), "1022", "input.data");
        }
    }
}
