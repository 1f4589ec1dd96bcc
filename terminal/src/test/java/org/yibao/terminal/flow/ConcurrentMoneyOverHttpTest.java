package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.http.HttpServerConfig;
import org.yibao.terminal.api.http.TerminalHttpServer;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * Money transactions sent truly together over the real HTTP API (each host its own client and
 * connection, all released at once), on a real SQLite file: the same msgid never settles twice,
 * one person's settlements never spend more than the account holds, a settlement reverses once,
 * and what each answer says is what was stored.
 */
class ConcurrentMoneyOverHttpTest {

    /** Sends every envelope at once, each from a host of its own, and returns the answers in order. */
    static List<String> together(TerminalHttpServer http, List<ObjectNode> envelopes) throws Exception {
        CountDownLatch ready = new CountDownLatch(envelopes.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService hosts = Executors.newFixedThreadPool(envelopes.size())) {
            for (ObjectNode envelope : envelopes) {
                byte[] body = envelope.toString().getBytes(StandardCharsets.UTF_8);
                answers.add(hosts.submit(() -> {
                    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                        HttpRequest post = HttpRequest.newBuilder(http.callServiceUri()).timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        ready.countDown();
                        go.await();
                        return client.send(post, HttpResponse.BodyHandlers.ofString()).body();
                    }
                }));
            }
            ready.await();
            go.countDown();
        }
        List<String> bodies = new ArrayList<>();
        for (Future<String> a : answers) bodies.add(a.get());
        return bodies;
    }

    static JsonNode json(String answer) {
        return Json.parse(answer, "answer");
    }

    static String code(JsonNode answer) {
        return answer.path("infcode").asInt() == 0 ? "0" : answer.path("term_errcode").asText("?");
    }

    static long fen(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    /** The employee with {@code balc} in the account (deductible met, 70 %). */
    static ObjectNode employeeWith(String balc) {
        ObjectNode p = FlowRig.employee();
        ((ObjectNode) p.withArray("insuinfo").get(0)).put("balc", new java.math.BigDecimal(balc));
        return p;
    }

    /** The live balance equals the seeded one less the account pay of every settlement still standing. */
    static void assertBalanceIsTheStoredSettlementsEffect(FlowRig rig, long seeded) throws Exception {
        long paid = rig.scalar("SELECT coalesce(sum(acct_pay), 0) FROM settlement WHERE state = 'SETTLED'");
        long fund = rig.scalar("SELECT coalesce(sum(hifp_pay), 0) FROM settlement WHERE state = 'SETTLED'");
        assertEquals(seeded - paid, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong(), "balance");
        assertEquals(fund, rig.scalar("SELECT sum(fund_paid) FROM accumulator WHERE year = 2027"), "fund_paid, every group");
    }

    @Test
    void oneMsgidSentByEightHostsSettlesOnceAndEveryHostGetsTheSameAnswer(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(FlowRig.employee());
            ObjectNode envelope = rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true));
            List<String> answers = together(http, java.util.Collections.nCopies(8, envelope));
            assertEquals(0, json(answers.getFirst()).path("infcode").asInt(), answers.getFirst());
            for (String a : answers) assertEquals(answers.getFirst(), a, "every copy gets the one answer, byte for byte");
            String setlId = json(answers.getFirst()).at("/output/setlinfo/setl_id").asText();
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM outbox_message WHERE order_key = '" + setlId + "'"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM idempotent_reply WHERE msgid = '"
                    + envelope.path("msgid").asText() + "'"));
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(7_000, rig.scalar("SELECT fund_paid FROM accumulator WHERE year = 2027"));
        }
    }

    @Test
    void oneMsgidSentTogetherWithDifferentBodiesSettlesOnceAndRefusesTheOthers1009(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(FlowRig.employee());
            String msgid = rig.nextMsgid();
            List<ObjectNode> envelopes = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                String amount = (10 * i) + ".00";
                envelopes.add(rig.envelope("2102", msgid, FlowRig.purchase(5 * i + ".00", "2", amount, true)));
            }
            List<String> answers = together(http, envelopes);
            List<String> codes = answers.stream().map(a -> code(json(a))).toList();
            assertEquals(1, codes.stream().filter("0"::equals).count(), codes.toString());
            assertEquals(5, codes.stream().filter("1009"::equals).count(), codes.toString());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
            assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
        }
    }

    @Test
    void settlementsOfOnePersonTogetherNeverSpendMoreThanTheAccountHolds(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(employeeWith("100.00")); // each purchase's account share is 30.00: 8 of them want 240.00
            List<ObjectNode> envelopes = new ArrayList<>();
            for (int i = 0; i < 8; i++) envelopes.add(rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true)));
            List<String> answers = together(http, envelopes);
            long answeredAcct = 0;
            for (String a : answers) {
                JsonNode answer = json(a);
                assertEquals(0, answer.path("infcode").asInt(), a);
                JsonNode info = answer.at("/output/setlinfo");
                long acct = fen(info.path("acct_pay"));
                answeredAcct += acct;
                String setlId = info.path("setl_id").asText();
                assertEquals(acct, rig.scalar("SELECT acct_pay FROM settlement WHERE setl_id = '" + setlId + "'"), a);
                assertEquals(fen(info.path("psn_cash_pay")),
                        rig.scalar("SELECT psn_cash_pay FROM settlement WHERE setl_id = '" + setlId + "'"), a);
            }
            assertEquals(10_000, answeredAcct, "the account pays what it held, no more");
            assertEquals(0, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            Set<Long> balcs = new HashSet<>();
            for (String a : answers) balcs.add(fen(json(a).at("/output/setlinfo/balc")));
            assertEquals(Set.of(7_000L, 4_000L, 1_000L, 0L), balcs, "each answer's balc is the balance its settlement left");
            assertBalanceIsTheStoredSettlementsEffect(rig, 10_000);
        }
    }

    @Test
    void oneSettlementReversedTogetherUnderSixMsgidsIsReversedOnce(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            ObjectNode rev = FlowRig.reversalOf(setlId, settled.at("/output/setlinfo/mdtrt_id").asText());
            List<ObjectNode> envelopes = new ArrayList<>();
            for (int i = 0; i < 6; i++) envelopes.add(rig.envelope("2103", rig.nextMsgid(), rev));
            ObjectNode sameMsgid = rig.envelope("2103", rig.nextMsgid(), rev);
            for (int i = 0; i < 3; i++) envelopes.add(sameMsgid);
            List<String> answers = together(http, envelopes);
            List<String> codes = answers.stream().map(a -> code(json(a))).toList();
            long reversed = codes.stream().filter("0"::equals).count();
            // the three copies of one msgid agree with each other, whatever they got
            assertEquals(codes.get(6), codes.get(7));
            assertEquals(codes.get(6), codes.get(8));
            long winners = codes.subList(0, 6).stream().filter("0"::equals).count() + (codes.get(6).equals("0") ? 1 : 0);
            assertEquals(1, winners, codes.toString());
            assertEquals(codes.size() - reversed, codes.stream().filter("1361"::equals).count(), codes.toString());
            assertEquals(1, rig.scalar("SELECT count(*) FROM outbox_message WHERE message_class = 'REVERSAL'"));
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(0, rig.scalar("SELECT fund_paid FROM accumulator WHERE year = 2027"));
        }
    }

    @Test
    void aReversalRacingItsSettlementsReplayAndNewSettlementsOfThePersonRestoresExactly(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(employeeWith("100.00"));
            ObjectNode first = rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true));
            String firstAnswer = rig.raw(first);
            JsonNode settled = json(firstAnswer);
            ObjectNode rev = rig.envelope("2103", rig.nextMsgid(), FlowRig.reversalOf(settled.at("/output/setlinfo/setl_id").asText(),
                    settled.at("/output/setlinfo/mdtrt_id").asText()));
            List<ObjectNode> envelopes = new ArrayList<>(List.of(first, first, rev, first));
            for (int i = 0; i < 4; i++) envelopes.add(rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true)));
            List<String> answers = together(http, envelopes);
            assertEquals(firstAnswer, answers.get(0));
            assertEquals(firstAnswer, answers.get(1));
            assertEquals(firstAnswer, answers.get(3));
            assertEquals("0", code(json(answers.get(2))), answers.get(2));
            for (String a : answers.subList(4, 8)) assertEquals("0", code(json(a)), a);
            assertEquals(5, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE state = 'REVERSED'"));
            assertBalanceIsTheStoredSettlementsEffect(rig, 10_000);
            assertTrue(rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong() >= 0);
        }
    }

    static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    /**
     * A 1101 answer is one moment's figures: the balance and the year's fund_paid of the same
     * number of settlements (each takes 30.00 from the account and 70.00 from the fund), never the
     * balance before a settlement beside the accumulators after it (each figure was read on its own,
     * and a 2102 committing in between tore the answer: found by the concurrency review of 2026-12-06).
     */
    @Test
    void aPersonQueryAnsweredWhileSettlementsCommitShowsOneMomentsFigures(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(employeeWith("10000.00"));
            List<String> torn = new ArrayList<>();
            for (int round = 0; round < 6; round++) { // 18 settlements: all within the policy's first segment (70 %)
                List<ObjectNode> envelopes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    envelopes.add(rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true)));
                    envelopes.add(rig.envelope("1101", rig.nextMsgid(), byId()));
                    envelopes.add(rig.envelope("1101", rig.nextMsgid(), byId()));
                }
                for (String a : together(http, envelopes)) {
                    JsonNode answer = json(a);
                    assertEquals("0", code(answer), a);
                    if (!answer.at("/output/baseinfo").isObject()) continue;
                    long spent = 1_000_000 - fen(answer.at("/output/insuinfo/0/balc"));
                    long fund = fen(answer.at("/output/term_accuinfo/0/fund_paid"));
                    if (spent / 3_000 != fund / 7_000) torn.add("balc " + answer.at("/output/insuinfo/0/balc") + " fund_paid " + fund);
                }
            }
            assertEquals(List.of(), torn, "1101 answers whose balance and accumulators are of different moments");
            assertBalanceIsTheStoredSettlementsEffect(rig, 1_000_000);
        }
    }

    /** The person service answers after {@code delay}, with {@code term_claims} empty: the terminal adds every local settlement. */
    @Test
    void personQueriesAnsweredByTheCentreWhileSettlementsCommitLoseNoDeduction(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir.resolve("centre"));
             FlowRig rig = FlowRig.online(dir.resolve("terminal"), centre);
             TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            ObjectNode person = employeeWith("1000.00");
            person.putArray("term_claims"); // the centre counted none of this terminal's claims
            centre.add(person);
            assertEquals("0", code(rig.call("1101", byId())));
            centre.personDelay = Duration.ofMillis(300);
            for (int round = 0; round < 3; round++) {
                List<ObjectNode> envelopes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    envelopes.add(rig.envelope("1101", rig.nextMsgid(), byId()));
                    envelopes.add(rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true)));
                }
                for (String a : together(http, envelopes)) assertEquals("0", code(json(a)), a);
                assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
            }
            assertEquals(9, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(100_000 - 9 * 3_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());

            List<ObjectNode> envelopes = new ArrayList<>(); // reversals racing refreshes
            for (String setlId : List.of(rig.text("SELECT min(setl_id) FROM settlement"), rig.text("SELECT max(setl_id) FROM settlement"))) {
                envelopes.add(rig.envelope("2103", rig.nextMsgid(), FlowRig.reversalOf(setlId,
                        rig.text("SELECT mdtrt_id FROM settlement WHERE setl_id = '" + setlId + "'"))));
                envelopes.add(rig.envelope("1101", rig.nextMsgid(), byId()));
            }
            for (String a : together(http, envelopes)) assertEquals("0", code(json(a)), a);
            assertEquals(2, rig.scalar("SELECT count(*) FROM settlement WHERE state = 'REVERSED'"));
            assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
            assertEquals("0", code(rig.call("1101", byId())));
            assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
        }
    }

    private static String register(FlowRig rig) throws Exception {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("begntime", "2027-01-15 09:00:00");
        JsonNode reg = rig.call("2201", input);
        assertEquals(0, reg.path("infcode").asInt(), reg.toString());
        return reg.at("/output/data/mdtrt_id").asText();
    }

    private static ObjectNode fees(String mdtrtId, String sn) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putArray("feedetail").addObject().put("feedetl_sn", sn).put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN)
                .put("med_type", "14").put("fee_ocur_time", "2027-01-15 09:05:00").put("med_list_codg", Fixtures.JIA)
                .put("det_item_fee_sumamt", "100.00").put("cnt", "2").put("pric", "50.00");
        return input;
    }

    private static ObjectNode clinicSettle(String mdtrtId) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "14")
                .put("dise_codg", "M03900").put("insutype", "310").put("acct_used_flag", "1").put("mdtrt_cert_type", "02");
        return input;
    }

    @Test
    void aVisitSettledTogetherUnderFourMsgidsSettlesOnce(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            List<ObjectNode> uploads = new ArrayList<>();
            for (int i = 1; i <= 4; i++) uploads.add(rig.envelope("2204", rig.nextMsgid(), fees(mdtrtId, String.valueOf(i))));
            for (String a : together(http, uploads)) assertEquals("0", code(json(a)), a);
            List<ObjectNode> settles = new ArrayList<>();
            for (int i = 0; i < 4; i++) settles.add(rig.envelope("2207", rig.nextMsgid(), clinicSettle(mdtrtId)));
            List<String> codes = together(http, settles).stream().map(a -> code(json(a))).toList();
            assertEquals(1, codes.stream().filter("0"::equals).count(), codes.toString());
            assertEquals(3, codes.stream().filter("1368"::equals).count(), codes.toString());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE mdtrt_id = '" + mdtrtId + "'"));
            assertEquals(40_000, rig.scalar("SELECT medfee_sumamt FROM settlement WHERE mdtrt_id = '" + mdtrtId + "'"));
            assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
        }
    }

    /**
     * A 2208 racing new 2207s and a 2204 of its visit: whatever order they commit in, the visit has
     * at most one settlement standing, every line a 2204 was told it took is on the visit, a standing
     * settlement is of the visit's lines as they are, and the figures are the standing settlements'.
     */
    @Test
    void aClinicReversalRacingSettlementsAndUploadsOfItsVisitLeavesOneConsistentVisit(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(FlowRig.employee());
            for (int round = 0; round < 4; round++) {
                String mdtrtId = register(rig);
                assertEquals("0", code(rig.call("2204", fees(mdtrtId, "1"))));
                JsonNode settled = rig.call("2207", clinicSettle(mdtrtId));
                assertEquals("0", code(settled), settled.toString());
                List<ObjectNode> envelopes = new ArrayList<>();
                envelopes.add(rig.envelope("2208", rig.nextMsgid(), FlowRig.reversalOf(settled.at("/output/setlinfo/setl_id").asText(), mdtrtId)));
                envelopes.add(rig.envelope("2207", rig.nextMsgid(), clinicSettle(mdtrtId)));
                envelopes.add(rig.envelope("2204", rig.nextMsgid(), fees(mdtrtId, "2")));
                envelopes.add(rig.envelope("2207", rig.nextMsgid(), clinicSettle(mdtrtId)));
                List<String> codes = together(http, envelopes).stream().map(a -> code(json(a))).toList();
                assertEquals("0", codes.get(0), codes.toString());
                long standing = rig.scalar("SELECT count(*) FROM settlement WHERE state = 'SETTLED' AND mdtrt_id = '" + mdtrtId + "'");
                assertTrue(standing <= 1, codes + " standing " + standing);
                long lines = FlowRig.JSON.readTree(rig.text("SELECT fees_json FROM clinic_visit WHERE mdtrt_id = '" + mdtrtId + "'")).size();
                assertEquals(codes.get(2).equals("0") ? 2 : 1, lines, codes.toString());
                if (standing == 1) {
                    assertEquals(lines * 10_000, rig.scalar("SELECT medfee_sumamt FROM settlement WHERE state = 'SETTLED' AND mdtrt_id = '"
                            + mdtrtId + "'"), codes.toString());
                }
                assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
            }
        }
    }

    /**
     * 9002 sent together with settlements under the sign_no it ends: each settlement either settles
     * (stored, its figures applied) or is refused for the session (16xx), nothing fails inside the
     * terminal, and the sign_no authorises nothing once the 9002 was answered.
     */
    @Test
    void aSignOutRacingSettlementsOfItsSessionLeavesEachSettledOrRefusedAndTheSessionEnded(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(FlowRig.employee());
            List<ObjectNode> envelopes = new ArrayList<>();
            for (int i = 0; i < 6; i++) envelopes.add(rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true)));
            String signNo = envelopes.getFirst().path("sign_no").asText();
            ObjectNode out = FlowRig.JSON.createObjectNode();
            out.putObject("signOut").put("sign_no", signNo).put("opter_no", envelopes.getFirst().path("opter").asText());
            envelopes.add(3, rig.envelope("9002", rig.nextMsgid(), out));
            List<String> codes = together(http, envelopes).stream().map(a -> code(json(a))).toList();
            assertEquals("0", codes.get(3), codes.toString());
            long settled = codes.stream().filter("0"::equals).count() - 1;
            for (String c : codes) assertTrue(c.equals("0") || c.startsWith("16"), codes.toString());
            assertEquals(settled, rig.scalar("SELECT count(*) FROM settlement"), codes.toString());
            assertBalanceIsTheStoredSettlementsEffect(rig, 100_000);
            JsonNode after = rig.call("2102", rig.nextMsgid(), "1", FlowRig.purchase("50.00", "2", "100.00", true));
            assertTrue(code(after).startsWith("16"), after.toString());
        }
    }

    static final String OTHER_PSN = "37150000000000000002";
    static final String OTHER_CERTNO = "371502198801011250";

    /** Offline, the policy's 5,000.00 a day the fund may pay on this terminal holds for settlements arriving together. */
    @Test
    void offlineSettlementsArrivingTogetherKeepTheDaysFundLimit(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0))) {
            rig.seed(employeeWith("100000.00"));
            ObjectNode other = employeeWith("100000.00"); // each person's fund pays at most the year's 3,000.00
            ((ObjectNode) other.get("baseinfo")).put("psn_no", OTHER_PSN).put("certno", OTHER_CERTNO);
            rig.seed(other);
            Set<String> codes = new java.util.TreeSet<>();
            for (int round = 0; round < 8 && !codes.contains("1322"); round++) {
                List<ObjectNode> envelopes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ObjectNode purchase = FlowRig.purchase("200.00", "2", "400.00", false);
                    if (i % 2 == 1) ((ObjectNode) purchase.get("druginfo")).put("psn_no", OTHER_PSN).put("mdtrt_cert_no", OTHER_CERTNO);
                    envelopes.add(rig.envelope("2102", rig.nextMsgid(), purchase));
                }
                for (String a : together(http, envelopes)) codes.add(code(json(a)));
            }
            assertTrue(codes.contains("1322"), "the limit was reached: " + codes);
            long fund = rig.scalar("SELECT sum(fund_pay_sumamt) FROM settlement WHERE offline = 1");
            assertTrue(fund <= 500_000, "offline fund pay of the day " + fund + " over 5000.00; codes " + codes);
            assertBalanceIsTheStoredSettlementsEffect(rig, 10_000_000);
        }
    }
}
