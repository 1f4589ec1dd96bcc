package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outcome;

/**
 * 3201's three totals (spec national-interface.md, 3201: the local totals compared with the
 * host's and with those the centre has acknowledged; a mismatch lists the entries that differ).
 * Offline, the centre's acceptances applied to the outbox as the uplink applies them. Two pharmacy
 * settlements (310 / clr_type 41) on 2027-01-15: A 2 × 50.00 (hifp 70.00, acct 30.00), reversed;
 * B 1 × 20.00 (hifp 14.00, acct 6.00). With reversals the terminal's totals are
 * 100.00 + 20.00 - 100.00 = 20.00 (14.00, 6.00) over 3 entries.
 */
class ReconciliationAcknowledgedTest {

    private static ObjectNode recon(String medfee, String fund, String acct, String count) {
        return ReconInput.of().totals(medfee, fund, acct, count).input();
    }

    /** The host's totals as the terminal's: 20.00, 14.00, 6.00, 3 entries. */
    private static ObjectNode matching() {
        return recon("20.00", "14.00", "6.00", "3");
    }

    private static String yuan(JsonNode answer, String pointer) {
        return answer.at(pointer).decimalValue().toPlainString();
    }

    /** "medfee/fund/acct/count" of the totals at {@code pointer}. */
    private static String totals(JsonNode answer, String pointer) {
        return yuan(answer, pointer + "/medfee_sumamt") + "/" + yuan(answer, pointer + "/fund_pay_sumamt") + "/"
                + yuan(answer, pointer + "/acct_pay") + "/" + answer.at(pointer + "/fixmedins_setl_cnt").asLong();
    }

    private record Claims(String a, String aReversal, String b) {
    }

    /** Settles A and B and reverses A; the three claim ids. */
    private static Claims trade(FlowRig rig) throws Exception {
        rig.seed(FlowRig.employee());
        JsonNode a = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
        assertEquals(0, a.path("infcode").asInt(), a.toString());
        JsonNode b = rig.call("2102", FlowRig.purchase("20.00", "1", "20.00", true));
        assertEquals(0, b.path("infcode").asInt(), b.toString());
        String aId = a.at("/output/setlinfo/setl_id").asText();
        assertEquals(0, rig.call("2103", FlowRig.reversalOf(a)).path("infcode").asInt());
        String bId = b.at("/output/setlinfo/setl_id").asText();
        return new Claims(rig.text("SELECT claim_id FROM settlement WHERE setl_id = '" + aId + "'"),
                rig.text("SELECT reversal_claim_id FROM settlement WHERE setl_id = '" + aId + "'"),
                rig.text("SELECT claim_id FROM settlement WHERE setl_id = '" + bId + "'"));
    }

    /** The broker's PUBACK and the centre's acceptance of each of {@code claimIds}, as the uplink applies them. */
    private static void accept(FlowRig rig, String... claimIds) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (String id : claimIds) outcomes.add(new Outcome.Published(id));
        for (String id : claimIds) outcomes.add(new Outcome.Accepted(id));
        assertEquals(2 * claimIds.length, rig.outbox.apply(outcomes));
    }

    @Test
    void anUnacknowledgedReversalIsListedWithItsAmountsNegatedAndKeepsTheCentreFromBalancing(@TempDir Path dir)
            throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            Claims claims = trade(rig);
            accept(rig, claims.a(), claims.b());

            JsonNode answer = rig.call("3201", matching());
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals("1", answer.at("/output/stmtinfo/stmt_rslt").asText(), answer.toString());
            assertEquals("有 1 笔未获中心确认", answer.at("/output/stmtinfo/stmt_rslt_dscr").asText(), "the host agrees");
            assertEquals("371500", answer.at("/output/stmtinfo/setl_optins").asText());
            assertEquals("20.00/14.00/6.00/3", totals(answer, "/output/term_local"), answer.toString());
            assertEquals("120.00/84.00/36.00/2", totals(answer, "/output/term_acked"), answer.toString());

            JsonNode diff = answer.at("/output/term_diff");
            assertEquals(1, diff.size(), answer.toString());
            assertEquals("reversal", diff.get(0).path("kind").asText());
            assertEquals(claims.aReversal(), diff.get(0).path("claim_id").asText());
            assertEquals("PENDING", diff.get(0).path("claim_state").asText());
            assertEquals("-100.00", yuan(diff.get(0), "/medfee_sumamt"));
            assertEquals("-70.00", yuan(diff.get(0), "/fund_pay_sumamt"));
            assertEquals("-30.00", yuan(diff.get(0), "/acct_pay"));

            JsonNode groups = answer.at("/output/term_groups");
            assertEquals(1, groups.size(), answer.toString());
            assertEquals("310", groups.get(0).path("insutype").asText());
            assertEquals("41", groups.get(0).path("clr_type").asText());
            assertEquals("20.00/14.00/6.00/3", totals(groups.get(0), "/local"));
            assertEquals("120.00/84.00/36.00/2", totals(groups.get(0), "/acked"));
        }
    }

    @Test
    void everyClaimAcknowledgedAndTheHostsTotalsEqualBalanceAndAnyDifferenceInOneFigureDoesNot(@TempDir Path dir)
            throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            Claims claims = trade(rig);
            accept(rig, claims.a(), claims.b());

            JsonNode settlementPending = rig.call("3201", recon("20.00", "14.00", "6.00", "2"));
            assertEquals("1", settlementPending.at("/output/stmtinfo/stmt_rslt").asText());
            assertEquals("机构上报总额与本机结算不符；有 1 笔未获中心确认",
                    settlementPending.at("/output/stmtinfo/stmt_rslt_dscr").asText(), settlementPending.toString());

            accept(rig, claims.aReversal());
            JsonNode balanced = rig.call("3201", matching());
            assertEquals("0", balanced.at("/output/stmtinfo/stmt_rslt").asText(), balanced.toString());
            assertEquals("对账平衡", balanced.at("/output/stmtinfo/stmt_rslt_dscr").asText());
            assertEquals(0, balanced.at("/output/term_diff").size());
            assertEquals("20.00/14.00/6.00/3", totals(balanced, "/output/term_acked"));

            String[][] off = {
                    {"20.01", "14.00", "6.00", "3"}, {"20.00", "13.99", "6.00", "3"},
                    {"20.00", "14.00", "6.01", "3"}, {"20.00", "14.00", "6.00", "4"},
            };
            for (String[] host : off) {
                JsonNode answer = rig.call("3201", recon(host[0], host[1], host[2], host[3]));
                String what = String.join("/", host) + ": " + answer;
                assertEquals("1", answer.at("/output/stmtinfo/stmt_rslt").asText(), what);
                assertEquals("机构上报总额与本机结算不符；", answer.at("/output/stmtinfo/stmt_rslt_dscr").asText(), what);
            }
        }
    }

    /** A claim the outbox no longer holds was acknowledged (only ACKED rows are ever purged). */
    @Test
    void claimsPurgedAfterTheirAcknowledgementStillCountAsAcknowledged(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            Claims claims = trade(rig);
            accept(rig, claims.a(), claims.aReversal(), claims.b());
            rig.clock.advance(Duration.ofDays(31));
            assertEquals(3, rig.outbox.purge(), "the retention of acknowledged claims is 30 days");
            rig.newShift();

            JsonNode answer = rig.call("3201", matching());
            assertEquals("0", answer.at("/output/stmtinfo/stmt_rslt").asText(), answer.toString());
            assertEquals("20.00/14.00/6.00/3", totals(answer, "/output/term_acked"));
        }
    }

    @Test
    void onlyTheAskedInsutypeClearingTypeAndPeriodCount(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            trade(rig);
            String[][] asked = { // insutype, clr_type, begin, end: none of them holds A or B
                    {"390", "41", "2027-01-15", "2027-01-15"}, {"310", "11", "2027-01-15", "2027-01-15"},
                    {"", "99", "2027-01-15", "2027-01-15"}, {"390", "", "2027-01-15", "2027-01-15"},
                    {"310", "41", "2027-01-16", "2027-01-31"}, {"310", "41", "2027-01-01", "2027-01-14"},
            };
            for (String[] a : asked) {
                ObjectNode input = matching();
                ((ObjectNode) input.get("data")).put("insutype", a[0]).put("clr_type", a[1])
                        .put("stmt_begndate", a[2]).put("stmt_enddate", a[3]);
                JsonNode answer = rig.call("3201", input);
                String what = String.join(" ", a) + ": " + answer;
                assertEquals(0, answer.path("infcode").asInt(), what);
                assertEquals("0.00/0.00/0.00/0", totals(answer, "/output/term_local"), what);
                assertEquals(0, answer.at("/output/term_groups").size(), what);
                assertEquals("机构上报总额与本机结算不符；", answer.at("/output/stmtinfo/stmt_rslt_dscr").asText(), what);
            }
            for (String[] all : new String[][] {{"310", ""}, {"", "41"}, {"", ""}}) {
                ObjectNode input = matching();
                ((ObjectNode) input.get("data")).put("insutype", all[0]).put("clr_type", all[1])
                        .put("stmt_begndate", "2027-01-14").put("stmt_enddate", "2027-01-16");
                JsonNode answer = rig.call("3201", input);
                assertEquals("20.00/14.00/6.00/3", totals(answer, "/output/term_local"), String.join(" ", all) + ": " + answer);
                assertEquals("有 3 笔未获中心确认", answer.at("/output/stmtinfo/stmt_rslt_dscr").asText(), answer.toString());
            }
        }
    }

    /** The terminal's totals under refd_setl_flag 0 leave the reversal out: the acknowledged ones too. */
    @Test
    void withoutReversalsTheAcknowledgedTotalsLeaveTheReversalOutToo(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            Claims claims = trade(rig);
            accept(rig, claims.a(), claims.b());
            ObjectNode input = recon("120.00", "84.00", "36.00", "2");
            ((ObjectNode) input.get("data")).put("refd_setl_flag", "0");
            JsonNode answer = rig.call("3201", input);
            assertEquals("0", answer.at("/output/stmtinfo/stmt_rslt").asText(), answer.toString());
            assertEquals("120.00/84.00/36.00/2", totals(answer, "/output/term_local"));
            assertEquals("120.00/84.00/36.00/2", totals(answer, "/output/term_acked"));
            assertEquals(List.of(), List.copyOf(answer.at("/output/term_diff").findValuesAsText("claim_id")));
        }
    }
}
