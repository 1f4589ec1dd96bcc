package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * 2101 / 2102 / 2103 at the counter, online: a real Mosquitto broker, the reference centre
 * acknowledging claims, a real uplink, the terminal on a real SQLite file. Figures are checked to
 * the fen against the hand computation: one 甲类 line 2 × 50.00 for an employee (310/11, rule
 * emp-active-pharmacy, deductible already met, 70 %), account used: hifp 70.00, acct 30.00, cash 0.
 */
class PharmacySettlementTest {
    @TempDir static Path shared;
    static CentreRig centre;

    @BeforeAll
    static void startCentre() throws Exception {
        centre = new CentreRig(shared);
    }

    @AfterAll
    static void stopCentre() {
        centre.close();
    }

    @Test
    void preSettlementAnswersTheSplitAndWritesNothing(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            rig.seed(FlowRig.employee());
            JsonNode answer = rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            JsonNode info = answer.at("/output/setlinfo");
            assertEquals("70.00", info.path("hifp_pay").decimalValue().toPlainString());
            assertEquals("30.00", info.path("acct_pay").decimalValue().toPlainString());
            assertEquals("0.00", info.path("psn_cash_pay").decimalValue().toPlainString());
            assertFalse(info.has("setl_id"), "a pre-settlement has no setl_id");
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(0, rig.outbox.stats(Lane.MESSAGES).count());
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
        }
    }

    @Test
    void settlementWritesEverythingOnceAndTheReversalRestoresItToTheFen(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertEquals("", settled.path("warn_msg").asText(""), "online: no warning");
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            assertTrue(setlId.startsWith(FlowRig.DEVICE + "-S"), setlId);
            assertEquals("970.00", settled.at("/output/setlinfo/balc").decimalValue().toPlainString());

            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE state = 'SETTLED' AND offline = 0"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement_line"));
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(7_000, rig.scalar("SELECT fund_paid FROM accumulator WHERE year = 2027"));
            assertEquals(10_000, rig.scalar("SELECT inscp_over_dedc FROM accumulator WHERE year = 2027"));
            assertEquals(20_000, rig.scalar("SELECT dedc_used FROM accumulator WHERE year = 2027"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM outbox_message WHERE message_class = 'FUND' AND order_key = '"
                    + setlId + "'"));
            assertEquals(1, rig.scalar("SELECT printed FROM receipt_kept WHERE setl_id = '" + setlId + "'"));
            String receipt = EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertTrue(receipt.contains(setlId), receipt);
            assertFalse(receipt.contains("张三"), "the name is masked on the receipt");
            assertTrue(rig.indicators.history().stream().anyMatch(c -> c.output() == Output.GREEN_LED && c.on()),
                    "success signalled");
            String claimId = rig.flows.settlements().find(setlId).orElseThrow().claimId();
            Eventually.await(java.time.Duration.ofSeconds(20),
                    () -> rig.outbox.find(claimId).orElseThrow().state() == MessageState.ACKED, () -> "claim not acked");

            ObjectNode rev = FlowRig.reversalOf(setlId, settled.at("/output/setlinfo/mdtrt_id").asText());
            JsonNode reversed = rig.call("2103", rev);
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            JsonNode info = reversed.at("/output/setlinfo");
            assertEquals("-100.00", info.path("medfee_sumamt").decimalValue().toPlainString());
            assertEquals("-70.00", info.path("hifp_pay").decimalValue().toPlainString());
            assertEquals("-30.00", info.path("acct_pay").decimalValue().toPlainString());
            assertEquals("-70.00", reversed.at("/output/setldetail/0/fund_payamt").decimalValue().toPlainString());
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(0, rig.scalar("SELECT fund_paid FROM accumulator WHERE year = 2027"));
            assertEquals(0, rig.scalar("SELECT inscp_over_dedc FROM accumulator WHERE year = 2027"));
            assertEquals(20_000, rig.scalar("SELECT dedc_used FROM accumulator WHERE year = 2027"));
            assertEquals(2, rig.scalar("SELECT count(*) FROM outbox_message WHERE order_key = '" + setlId + "'"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM outbox_message WHERE message_class = 'REVERSAL' AND order_key = '"
                    + setlId + "' AND seq > (SELECT seq FROM outbox_message WHERE id = '" + claimId + "')"));

            JsonNode again = rig.call("2103", rev);
            assertEquals(-1, again.path("infcode").asInt());
            assertEquals("1361", again.path("term_errcode").asText(), again.toString());
            assertEquals(100_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong(), "nothing restored twice");
        }
    }

    @Test
    void theSameMsgidIsAnsweredTheSameWayAndNeverSettlesTwiceEvenAfterReopening(@TempDir Path dir) throws Exception {
        ObjectNode request;
        String first;
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            rig.seed(FlowRig.employee());
            request = rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true));
            first = rig.raw(request);
            assertTrue(first.contains("\"infcode\":0"), first);
            assertEquals(first, rig.raw(request));
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
        try (FlowRig reopened = FlowRig.online(dir, centre)) {
            assertEquals(first, reopened.raw(request), "the stored answer, byte for byte, after a restart");
            assertEquals(1, reopened.scalar("SELECT count(*) FROM settlement"));
            assertEquals(97_000, reopened.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
        }
    }

    /**
     * The host lost a 2102's answer, signed in again and sends the same request under its new
     * sign_no: it learns the purchase settled (the recorded answer, byte for byte), where it was
     * refused 1009 and would have settled again under a new msgid. A sign_no that does not
     * authorise now gets that refusal, a changed request 1009; nothing settles twice.
     */
    @Test
    void theSameRequestSentAgainUnderANewSignInGetsTheRecordedAnswer(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            Settled settled = employeeSettled(rig);
            ObjectNode request = settled.request();
            String first = settled.answer();
            rig.newShift();
            ObjectNode signedInAgain = request.deepCopy().put("sign_no", rig.cashierSession());
            assertEquals(first, rig.raw(signedInAgain), "the recorded answer under the new sign-in");
            ObjectNode madeUp = request.deepCopy().put("sign_no", "0123456789abcdef0123456789abcdef");
            assertEquals("1605", Json.parse(rig.raw(madeUp), "answer").path("term_errcode").asText());
            ObjectNode changed = signedInAgain.deepCopy();
            ((ObjectNode) changed.path("input").path("druginfo")).put("invono", "INV-2");
            assertEquals("1009", Json.parse(rig.raw(changed), "answer").path("term_errcode").asText());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
        }
    }

    /**
     * Review of 2026-12-06, attacks on the replay under a new sign-in: the admin's session cannot
     * fetch the cashier's recorded answer (1608 with the cashier's opter, 1009 with its own); two
     * copies of one fresh 2102 sent at once under two live sign-ins of the cashier settle once and
     * both get the same answer; a 9002 that signed out the first session, sent again under the
     * second with its input unchanged, gets the recorded sign-out and leaves the second session live.
     */
    @Test
    void theReplayUnderANewSignInGivesNoOneElseTheAnswerAndSettlesOnce(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            Settled settled = employeeSettled(rig);
            ObjectNode request = settled.request();
            String first = settled.answer();
            String admin = rig.adminSession();
            ObjectNode adminsSignNo = request.deepCopy().put("sign_no", admin);
            assertEquals("1608", Json.parse(rig.raw(adminsSignNo), "answer").path("term_errcode").asText());
            ObjectNode asAdmin = adminsSignNo.deepCopy().put("opter", OperatorFixtures.ADMIN);
            assertEquals("1009", Json.parse(rig.raw(asAdmin), "answer").path("term_errcode").asText());

            String x = rig.cashierSession();
            rig.newShift();
            String y = rig.cashierSession();
            ObjectNode fresh = rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", false));
            var pool = Executors.newFixedThreadPool(2);
            try {
                var a = pool.submit(() -> rig.api.service().call(fresh.deepCopy().put("sign_no", x).toString().getBytes(StandardCharsets.UTF_8)));
                var b = pool.submit(() -> rig.api.service().call(fresh.deepCopy().put("sign_no", y).toString().getBytes(StandardCharsets.UTF_8)));
                String answerA = a.get();
                String answerB = b.get();
                assertTrue(answerA.contains("\"infcode\":0"), answerA);
                assertEquals(answerA, answerB, "one settlement, its answer to both");
            } finally {
                pool.shutdown();
            }
            assertTrue(rig.flows.awaitReceipts(Duration.ofSeconds(10)));
            assertEquals(2, rig.scalar("SELECT count(*) FROM settlement"));

            ObjectNode signOut = Envelopes.envelope("9002", rig.nextMsgid(),
                    OperatorFixtures.CASHIER, x);
            signOut.putObject("input").putObject("signOut").put("sign_no", x)
                    .put("opter_no", OperatorFixtures.CASHIER);
            String signedOut = rig.raw(signOut);
            assertTrue(signedOut.contains("\"infcode\":0"), signedOut);
            assertEquals(signedOut, rig.raw(signOut.deepCopy().put("sign_no", y)), "the recorded sign-out of x");
            ObjectNode underY = rig.envelope("2101", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(y, underY.path("sign_no").asText());
            assertEquals(0, Json.parse(rig.raw(underY), "answer").path("infcode").asInt(), "y is still signed in");
        }
    }

    /**
     * An answer recorded before 2026-12-06 has no fingerprint without the sign_no: sent again
     * under a new sign-in it cannot be told from another request, so it is refused 1009 saying
     * so (resend with the first sign_no; never settle again under a new msgid), and the first
     * sign_no still gets it.
     */
    @Test
    void anAnswerRecordedBeforeTheUpdateTellsAHostSignedInAgainToUseItsFirstSignNo(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            Settled settled = employeeSettled(rig);
            ObjectNode request = settled.request();
            String first = settled.answer();
            rig.db.inTransaction(c -> { // as an older build recorded it
                try (var st = c.createStatement()) {
                    return st.executeUpdate("UPDATE idempotent_reply SET request_any_session_sha256 = NULL");
                }
            });
            rig.newShift();
            JsonNode refused = Json.parse(rig.raw(request.deepCopy().put("sign_no", rig.cashierSession())), "answer");
            assertEquals("1009", refused.path("term_errcode").asText());
            assertTrue(refused.path("err_msg").asText().contains("请以原签到号重发取回应答，切勿换报文ID重复结算"),
                    refused.toString());
            assertEquals(first, rig.raw(request), "the first sign_no still gets the recorded answer");
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    /** A settled 2102's envelope (to send again) and its answer. */
    private record Settled(ObjectNode request, String answer) {
    }

    /** The employee seeded and a 2102 of 2 × 50.00 with the account settled. */
    private static Settled employeeSettled(FlowRig rig) throws Exception {
        rig.seed(FlowRig.employee());
        ObjectNode request = rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true));
        String answer = rig.raw(request);
        assertTrue(answer.contains("\"infcode\":0"), answer);
        return new Settled(request, answer);
    }

    @Test
    void paperOutLeavesTheSettlementStandingAndTheReceiptWaitsForReprint(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            rig.seed(FlowRig.employee());
            SimulatedPrinter printer = rig.simulatedPrinter();
            printer.paperOut();
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertTrue(settled.path("warn_msg").asText().contains("缺纸"), settled.path("warn_msg").asText());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(0, rig.scalar("SELECT printed FROM receipt_kept WHERE setl_id = '" + setlId + "'"));
            assertTrue(printer.printed().isEmpty());

            assertEquals(Optional.of(Optional.of("1802")),
                    rig.flows.reprint(setlId).map(p -> p.map(r -> r.reason().code())), "still out of paper");
            printer.restore();
            assertEquals(Optional.of(Optional.empty()), rig.flows.reprint(setlId));
            String receipt = EscPosDecoder.decode(printer.lastPrinted()).transcript();
            assertTrue(receipt.contains("重打"), receipt);
            assertTrue(receipt.contains(setlId), receipt);
            assertEquals(1, rig.scalar("SELECT printed FROM receipt_kept WHERE setl_id = '" + setlId + "'"));
            assertEquals(Optional.empty(), rig.flows.reprint("T-0001-S99999999"));
        }
    }
}
