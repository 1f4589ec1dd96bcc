package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.E2eTerminal.ok;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.setlId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;

/**
 * Each family of refusal over HTTP against a running terminal, one request at least per family:
 * the envelope and JSON (10xx), sign-in and role (16xx), a voucher signed by an untrusted key
 * (15xx), the settlement (13xx: no matching rule;
 * an unknown drug is not refused but settled as full own pay with a warning), the kiosk's
 * limits (137x), the offline limits while the broker is down (132x), a full backlog while the
 * centre does not answer (17xx, self-pay still allowed); and every refusal changes nothing:
 * no settlement, no claim, no msgid recorded (the same msgid may be sent again).
 */
class RefusalsOverHttpTest {

    private static String code(JsonNode answer) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertTrue(!answer.path("err_msg").asText().isBlank(), "a refusal says why: " + answer);
        return answer.path("term_errcode").asText();
    }

    @Test
    void envelopeSignInRoleSettlementAndKioskRefusalsChangeNothing(@TempDir Path dir) throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            ok(t.call("1101", byId(ZHANG_CERTNO)));
            ObjectNode good = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"));

            assertEquals("1001", code(HttpPos.parse(t.pos.post("{\"infno\":\"2102\",".getBytes(StandardCharsets.UTF_8)))));
            ObjectNode noMsgid = t.envelope("2102", good);
            noMsgid.remove("msgid");
            assertTrue(code(HttpPos.parse(t.pos.post(noMsgid))).startsWith("10"));
            ObjectNode threeDecimals = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.505", "1", "25.505"));
            assertTrue(code(t.call("2102", threeDecimals)).startsWith("10"));
            ObjectNode negative = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "-1", "25.50"));
            assertTrue(code(t.call("2102", negative)).startsWith("10"));
            ObjectNode duplicateSn = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"),
                    line("1", "P0001", "25.50", "1", "25.50"));
            assertTrue(code(t.call("2102", duplicateSn)).startsWith("10"));

            ObjectNode wrongSignNo = t.pos.envelope("2102", t.pos.nextMsgid(), E2eTerminal.CASHIER, "not-a-sign-no", "1", good);
            String wrongSignNoAnswer = t.pos.post(wrongSignNo);
            assertTrue(code(HttpPos.parse(wrongSignNoAnswer)).startsWith("16"), wrongSignNoAnswer);
            String technician = t.pos.signIn(E2eTerminal.TECHNICIAN, E2eTerminal.PASSWORD);
            JsonNode role = HttpPos.parse(t.pos.post(t.pos.envelope("2102", t.pos.nextMsgid(), E2eTerminal.TECHNICIAN,
                    technician, "1", good)));
            assertTrue(code(role).startsWith("16"), role.toString());
            JsonNode cashierReconciles = t.call("3201", HttpPos.JSON.createObjectNode());
            assertTrue(code(cashierReconciles).startsWith("16"), cashierReconciles.toString());

            ObjectNode noRule = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"));
            ((ObjectNode) noRule.get("druginfo")).put("med_type", "99");
            assertEquals("1301", code(t.call("2102", noRule)));
            ObjectNode totalOff = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"));
            ((ObjectNode) totalOff.get("druginfo")).put("medfee_sumamt", "99.00");
            assertEquals("1308", code(t.call("2102", totalOff)));
            JsonNode unknownDrug = t.call("2101", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P9999", "30.00", "1", "30.00")));
            ok(unknownDrug);
            assertTrue(unknownDrug.path("warn_msg").asText().contains("未对照"), unknownDrug.toString());
            assertEquals("30.00", unknownDrug.at("/output/detlcutinfo/0/fulamt_ownpay_amt").decimalValue().toPlainString());
            assertEquals("0.00", unknownDrug.at("/output/setlinfo/fund_pay_sumamt").decimalValue().toPlainString());

            String forged = new org.yibao.terminal.demo.DemoVoucherPlatform().issue(ZHANG_PSN, "张三丰", ZHANG_CERTNO, "371502",
                    "310", "11", t.clock.instant());
            JsonNode untrusted = PurchasesOverHttpTest.whileScanning(t, forged,
                    () -> t.call("1101", PurchasesOverHttpTest.waiting("01")));
            assertTrue(code(untrusted).startsWith("15"), "a QR signed by a key the trust file does not hold: " + untrusted);

            ObjectNode kioskById = t.pos.envelope("1101", t.pos.nextMsgid(), E2eTerminal.CASHIER, t.cashier(), "2",
                    byId(ZHANG_CERTNO));
            assertEquals("1370", code(HttpPos.parse(t.pos.post(kioskById))));
            assertEquals("1370", code(HttpPos.parse(t.pos.post(t.pos.envelope("2102", t.pos.nextMsgid(), E2eTerminal.CASHIER,
                    t.cashier(), "2", good)))), "a kiosk settles on a card or a voucher, not on an ID number");
            t.reader.insertCard(org.yibao.terminal.identity.card.SimulatedSocialSecurityCard.of("D37150201", ZHANG_CERTNO,
                    "张三丰", "1", "371502", java.time.LocalDate.of(1990, 1, 1)));
            JsonNode kioskCard = HttpPos.parse(t.pos.post(t.pos.envelope("1101", t.pos.nextMsgid(), E2eTerminal.CASHIER,
                    t.cashier(), "2", PurchasesOverHttpTest.waiting(""))));
            ok(kioskCard);
            t.reader.removeCard();
            String cardNo = kioskCard.at("/output/term_certinfo/mdtrt_cert_no").asText();
            ObjectNode kioskTooMuch = purchase(ZHANG_PSN, "310", "03", "0", line("1", "P0001", "510.00", "20", "25.50"));
            ((ObjectNode) kioskTooMuch.get("druginfo")).put("mdtrt_cert_no", cardNo);
            assertEquals("1371", code(HttpPos.parse(t.pos.post(t.pos.envelope("2102", t.pos.nextMsgid(), E2eTerminal.CASHIER,
                    t.cashier(), "2", kioskTooMuch)))));
            ObjectNode kioskAccount = purchase(ZHANG_PSN, "310", "03", "1", line("1", "P0001", "25.50", "1", "25.50"));
            ((ObjectNode) kioskAccount.get("druginfo")).put("mdtrt_cert_no", cardNo);
            assertEquals("1372", code(HttpPos.parse(t.pos.post(t.pos.envelope("2102", t.pos.nextMsgid(), E2eTerminal.CASHIER,
                    t.cashier(), "2", kioskAccount)))));

            assertEquals(0, t.terminalScalar("SELECT count(*) FROM settlement"), "no refusal wrote a settlement");
            assertEquals(0, t.terminalScalar("SELECT count(*) FROM outbox_message"), "no refusal queued a claim");

            ObjectNode retried = wrongSignNo.deepCopy().put("sign_no", t.cashier());
            JsonNode settled = HttpPos.parse(t.pos.post(retried));
            ok(settled);
            Eventually.await(Duration.ofSeconds(30), () -> t.app.backlog() == 0, () -> "the backlog did not drain");
            assertEquals(List.of(settled.at("/output/setlinfo/setl_id").asText()), t.acceptedSettlements(),
                    "a refused msgid was not recorded: its retry settled, once");
        }
    }

    @Test
    void offlineTheLimitsApplyAndTheBacklogDrainsWhenTheBrokerReturns(@TempDir Path dir) throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            ok(t.call("1101", byId(ZHANG_CERTNO)));
            t.broker.stop();
            Eventually.await(Duration.ofSeconds(20), () -> !t.app.online(), () -> "the broker's loss was not noticed");

            JsonNode cached = t.call("1101", byId(ZHANG_CERTNO));
            ok(cached);
            assertEquals("cache", cached.at("/output/term_source").asText());
            ObjectNode small = t.envelope("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0002", "50.00", "1", "50.00")));
            String offline = t.pos.post(small);
            JsonNode offlineAnswer = HttpPos.parse(offline);
            ok(offlineAnswer);
            assertTrue(offlineAnswer.path("warn_msg").asText().contains("脱机结算，待上传"), offline);
            assertTrue(t.receipts().getLast().contains("脱机"), t.receipts().getLast());
            JsonNode tooMuch = t.call("2102", purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "1020.00", "40", "25.50")));
            assertEquals("1321", code(tooMuch));
            assertEquals(offline, t.pos.post(small), "replayed while offline");

            t.broker.restart();
            Eventually.await(Duration.ofSeconds(30), () -> t.app.online() && t.app.backlog() == 0,
                    () -> "the offline settlement was not delivered after the broker came back");
            assertEquals(List.of(setlId(offline)), t.acceptedSettlements());
            assertEquals(offline, t.pos.post(small), "replayed after the upload");
            assertEquals(1, t.terminalScalar("SELECT count(*) FROM settlement"));
        }
    }

    @Test
    void aBacklogTheCentreLeavesUnansweredRefusesFundPaymentsButNotSelfPay(@TempDir Path dir) throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            ok(t.call("1101", byId(ZHANG_CERTNO)));
            t.stopCentre();
            JsonNode first = t.call("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50")));
            ok(first);
            assertTrue(t.app.online(), "the broker is up: this is not an offline settlement");
            t.clock.advance(Duration.ofHours(73));
            t.newShift();

            ObjectNode fundPaying = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0002", "50.00", "1", "50.00"));
            JsonNode refused = t.call("2102", fundPaying);
            assertEquals("1703", code(refused));
            assertTrue(refused.path("err_msg").asText().contains("全自费"), refused.toString());
            ObjectNode selfPay = purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0002", "50.00", "1", "50.00"));
            ((ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode cash = t.call("2102", selfPay);
            ok(cash);
            assertEquals("0.00", cash.at("/output/setlinfo/fund_pay_sumamt").decimalValue().toPlainString());
            assertEquals("50.00", cash.at("/output/setlinfo/psn_cash_pay").decimalValue().toPlainString());
            assertEquals(2, t.terminalScalar("SELECT count(*) FROM settlement"));

            t.startCentre();
            Eventually.await(Duration.ofSeconds(30), () -> t.app.backlog() == 0, () -> "the backlog did not drain");
            assertEquals(List.of(setlId(first.toString()), setlId(cash.toString())).stream().sorted().toList(),
                    t.acceptedSettlements());
            ok(t.call("2102", fundPaying));
        }
    }
}
