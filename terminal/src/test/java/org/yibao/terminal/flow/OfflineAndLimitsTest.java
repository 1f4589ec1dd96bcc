package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.store.person.CachedPerson;

/**
 * Settlement while the centre cannot be reached (no uplink at all), with the policy's offline
 * limits (72 h, 500.00 per settlement); a full claim backlog; the kiosk's own limits; and a
 * crash between the commit and the answer.
 */
class OfflineAndLimitsTest {

    private static String code(JsonNode answer) {
        return answer.path("term_errcode").asText("0");
    }

    @Test
    void offlineSettlementWarnsAndKeepsTheOfflineLimits(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode ok = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, ok.path("infcode").asInt(), ok.toString());
            assertTrue(ok.path("warn_msg").asText().contains("脱机结算，待上传"), ok.path("warn_msg").asText());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE offline = 1"));
            String receipt = org.yibao.drivers.printer.EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertTrue(receipt.contains("脱机"), receipt);

            JsonNode tooMuch = rig.call("2102", FlowRig.purchase("400.00", "2", "800.00", false));
            assertEquals("1321", code(tooMuch), tooMuch.toString());

            rig.clock.advance(Duration.ofHours(73));
            rig.newShift();
            assertEquals("1320", code(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false))));
            ObjectNode selfPay = FlowRig.purchase("50.00", "2", "100.00", false);
            ((ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode cash = rig.call("2102", selfPay);
            assertEquals(0, cash.path("infcode").asInt(), cash.toString());
            assertEquals("0.00", cash.at("/output/setlinfo/fund_pay_sumamt").decimalValue().toPlainString());
            assertEquals("100.00", cash.at("/output/setlinfo/psn_cash_pay").decimalValue().toPlainString());
            assertEquals(7_000, rig.scalar("SELECT fund_paid FROM accumulator WHERE year = 2027"), "self-pay moves nothing");
            assertEquals(2, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM outbox_message WHERE message_class = 'SELF_PAY'"));
        }
    }

    @Test
    void aFullBacklogRefusesFundPayingSettlementsWhileSelfPayWorks(@TempDir Path dir) throws Exception {
        try (FlowRig rig = new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults().withCounts(1, 100), FlowRig.KIOSK,
                new HandClock(FlowRig.START), db -> new SimulatedPrinter())) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)).path("infcode").asInt());
            JsonNode pre = rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals("1701", code(pre), pre.toString());
            JsonNode refused = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals("1701", code(refused), refused.toString());
            assertTrue(refused.path("err_msg").asText().contains("全自费"), refused.path("err_msg").asText());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"), "nothing written for the refusal");
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());

            ObjectNode selfPay = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode cash = rig.call("2102", selfPay);
            assertEquals(0, cash.path("infcode").asInt(), cash.toString());
            assertEquals("0.00", cash.at("/output/setlinfo/acct_pay").decimalValue().toPlainString());
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(2, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    @Test
    void aKioskKeepsItsOwnLimits(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals("1370", code(rig.call("2102", rig.nextMsgid(), "2", FlowRig.purchase("50.00", "2", "100.00", false))),
                    "a kiosk settles on a card or a voucher, not on an ID number");
            assertEquals("1372", code(rig.call("2102", rig.nextMsgid(), "2", byCard(FlowRig.purchase("50.00", "2", "100.00", true)))));
            assertEquals("1371", code(rig.call("2102", rig.nextMsgid(), "2", byCard(FlowRig.purchase("150.00", "2", "300.00", false)))));
            JsonNode ok = rig.call("2102", rig.nextMsgid(), "2", byCard(FlowRig.purchase("50.00", "2", "100.00", false)));
            assertEquals(0, ok.path("infcode").asInt(), ok.toString());
            assertEquals("2", rig.db.read(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT opter_type FROM settlement")) {
                    r.next();
                    return r.getString(1);
                }
            }));
            ObjectNode byId = FlowRig.JSON.createObjectNode();
            byId.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO);
            assertEquals("1370", code(rig.call("1101", rig.nextMsgid(), "2", byId)));
        }
    }

    @Test
    void anIdNumberThatIsNotThePersonsOwnIsRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode someoneElse = FlowRig.purchase("50.00", "2", "100.00", false);
            ((ObjectNode) someoneElse.get("druginfo")).put("mdtrt_cert_no", "11010519491231002X");
            JsonNode refused = rig.call("2102", someoneElse);
            assertEquals("1309", code(refused), refused.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"), "nothing written for the refusal");
            assertEquals(0, rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false)).path("infcode").asInt(),
                    "the person's own ID number settles");
            JsonNode ownCard = rig.call("2102", byCard(FlowRig.purchase("50.00", "2", "100.00", false)));
            assertEquals(0, ownCard.path("infcode").asInt(), "the card the person was identified by settles: " + ownCard);
        }
    }

    @Test
    void aCardThatIsNotTheOneThePersonWasIdentifiedByIsRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode unknownCard = byCard(FlowRig.purchase("50.00", "2", "100.00", false));
            ((ObjectNode) unknownCard.get("druginfo")).put("mdtrt_cert_no", "NOTACARD");
            JsonNode refused = rig.call("2102", unknownCard);
            assertEquals("1309", code(refused), refused.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"), "nothing written for the refusal");
            // the same person identified again by ID number (no card in that 1101) keeps the card read earlier
            ObjectNode employee = FlowRig.employee();
            rig.flows.persons().remember(PersonJson.parse(employee), "", Json.write(employee), FlowRig.START);
            assertEquals(Optional.of(FlowRig.PSN), rig.flows.persons().byCardNo(FlowRig.CARD).map(CachedPerson::psnNo));
            assertEquals(0, rig.call("2102", byCard(FlowRig.purchase("50.00", "2", "100.00", false))).path("infcode").asInt());
        }
    }

    /** The purchase named by a 社会保障卡 (as a kiosk's must be) instead of the ID number. */
    private static ObjectNode byCard(ObjectNode purchase) {
        ((ObjectNode) purchase.get("druginfo")).put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD);
        return purchase;
    }

    /** Power is cut after the commit, while the receipt prints: the printer call closes the database. */
    private static final class PowerCut implements ReceiptPrinter {
        private final SqliteDatabase db;

        PowerCut(SqliteDatabase db) {
            this.db = db;
        }

        @Override
        public PrintResult print(ReceiptDocument document) {
            db.close();
            throw new IllegalStateException("power cut between commit and answer");
        }

        @Override
        public PrinterStatus status() {
            return PrinterStatus.READY;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aSettlementWhoseAnswerWasLostInAPowerCutIsAnsweredFromTheStoreOnRetry(@TempDir Path dir) throws Exception {
        ObjectNode request;
        String lostSetlId;
        try (FlowRig rig = new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), FlowRig.KIOSK,
                new HandClock(FlowRig.START), PowerCut::new)) {
            rig.seed(FlowRig.employee());
            request = rig.envelope("2102", rig.nextMsgid(), FlowRig.purchase("50.00", "2", "100.00", true));
            // the answer leaves before the receipt prints; the power cut then takes it with it: the host never sees it
            JsonNode lost = org.yibao.terminal.api.json.Json.parse(rig.raw(request), "answer");
            assertEquals(0, lost.path("infcode").asInt(), "committed before the cut: " + lost);
            lostSetlId = lost.at("/output/setlinfo/setl_id").asText();
        }
        try (FlowRig restarted = FlowRig.offline(dir)) {
            JsonNode retried = org.yibao.terminal.api.json.Json.parse(restarted.raw(request), "answer");
            assertEquals(0, retried.path("infcode").asInt(), retried.toString());
            String setlId = retried.at("/output/setlinfo/setl_id").asText();
            assertEquals(lostSetlId, setlId, "the same settlement, answered again");
            assertEquals(1, restarted.scalar("SELECT count(*) FROM settlement"));
            assertEquals(setlId, restarted.flows.settlements().find(setlId).orElseThrow().setlId());
            assertEquals(97_000, restarted.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
            assertEquals(0, restarted.scalar("SELECT printed FROM receipt_kept"), "the receipt waits for reprint");
            assertEquals(Optional.of(Optional.empty()), restarted.flows.reprint(setlId));
        }
    }
}
