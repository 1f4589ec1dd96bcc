package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.E2eTerminal.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;

/**
 * Whole purchases over HTTP against a running terminal ({@link E2eTerminal}: simulated devices,
 * a real Mosquitto, the reference centre): by 社保卡 on the reader, by 医保电子凭证 on the
 * scanner and by ID number; every answer replayed byte for byte under its msgid; a reversal
 * done once; and the centre ends with exactly the settlements and the reversal answered
 * infcode 0.
 */
class PurchasesOverHttpTest {
    static final String ZHANG_PSN = "37150000000000000001";
    static final String ZHANG_CERTNO = "371502199001011234";
    static final String LI_CERTNO = "371502195505052345";
    static final String LI_PSN = "37150000000000000002";
    static final String WANG_PSN = "37150000000000000003";

    @Test
    void byCardByVoucherAndByIdNumberEachSettlesOnceAndReachesTheCentreOnce(@TempDir Path dir) throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            t.reader.insertCard(SimulatedSocialSecurityCard.of("D37150201", ZHANG_CERTNO, "张三丰", "1", "371502",
                    LocalDate.of(1990, 1, 1)));
            JsonNode byCard = t.call("1101", waiting("03"));
            ok(byCard);
            assertEquals(ZHANG_PSN, byCard.at("/output/baseinfo/psn_no").asText());
            assertEquals("online", byCard.at("/output/term_source").asText());
            assertEquals("张三丰", byCard.at("/output/baseinfo/psn_name").asText());
            ObjectNode card = t.envelope("2102", purchase(ZHANG_PSN, "310", "03", "1",
                    line("1", "P0001", "51.00", "2", "25.50"), line("2", "P0004", "20.00", "1", "20.00")));
            String cardAnswer = t.pos.post(card);
            ok(HttpPos.parse(cardAnswer));
            assertEquals("张三丰", HttpPos.parse(cardAnswer).at("/output/setlinfo/psn_name").asText(), "unmasked for the host");
            t.reader.removeCard();

            String qr = t.platform.issue(WANG_PSN, "王老五", "371502195001013456", "371502", "310", "12", t.clock.instant());
            JsonNode byQr = whileScanning(t, qr, () -> t.call("1101", waiting("01")));
            ok(byQr);
            assertEquals(WANG_PSN, byQr.at("/output/baseinfo/psn_no").asText());
            ObjectNode voucher = t.envelope("2102", purchase(WANG_PSN, "310", "01", "1", line("1", "P0002", "50.00", "1", "50.00")));
            String voucherAnswer = t.pos.post(voucher);
            ok(HttpPos.parse(voucherAnswer));
            JsonNode replayedQr = whileScanning(t, qr, () -> t.call("1101", waiting("01")));
            assertEquals("1519", replayedQr.path("term_errcode").asText(), "a voucher is used once: " + replayedQr);

            ok(t.call("1101", byId(LI_CERTNO)));
            ObjectNode id = t.envelope("2102", purchase(LI_PSN, "390", "02", "0", line("1", "P0001", "25.50", "1", "25.50")));
            String idAnswer = t.pos.post(id);
            ok(HttpPos.parse(idAnswer));

            List<String> setlIds = List.of(setlId(cardAnswer), setlId(voucherAnswer), setlId(idAnswer));
            for (int round = 0; round < 2; round++) {
                assertEquals(cardAnswer, t.pos.post(card), "a replay gets the recorded answer byte for byte");
                assertEquals(voucherAnswer, t.pos.post(voucher));
                assertEquals(idAnswer, t.pos.post(id));
            }
            ObjectNode changed = id.deepCopy();
            ((ObjectNode) changed.at("/input/druginfo")).put("acct_used_flag", "1");
            assertEquals("1009", HttpPos.parse(t.pos.post(changed)).path("term_errcode").asText(), "same msgid, other request");

            ObjectNode reversal = t.envelope("2103", reversal(idAnswer, LI_PSN));
            String reversed = t.pos.post(reversal);
            ok(HttpPos.parse(reversed));
            assertEquals(reversed, t.pos.post(reversal));
            JsonNode again = t.call("2103", reversal(idAnswer, LI_PSN));
            assertEquals("1361", again.path("term_errcode").asText(), again.toString());

            Eventually.await(Duration.ofSeconds(30), () -> t.app.backlog() == 0, () -> "the backlog did not drain");
            assertEquals(setlIds.stream().sorted().toList(), t.acceptedSettlements());
            assertEquals(List.of(setlIds.get(2)), t.acceptedReversals());
            assertEquals(3, t.terminalScalar("SELECT count(*) FROM settlement"));
            assertEquals(4, t.centre().stats().claimsUnique());

            List<String> receipts = t.receipts();
            assertEquals(4, receipts.size(), "three settlements and a reversal printed");
            assertTrue(receipts.get(0).contains("张*丰") && receipts.get(0).contains("[QR " + setlIds.get(0) + "]"), receipts.get(0));
            assertTrue(receipts.get(0).contains("丙"), receipts.get(0));
            assertTrue(receipts.get(3).contains("【撤销结算】"), receipts.get(3));
            for (String r : receipts) {
                assertFalse(r.contains(ZHANG_CERTNO) || r.contains("张三丰") || r.contains("王老五"), r);
            }
        }
    }

    @Test
    void aKioskIdentifiesByCardAndSettlesWithinItsLimits(@TempDir Path dir) throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            t.reader.insertCard(SimulatedSocialSecurityCard.of("D37150201", ZHANG_CERTNO, "张三丰", "1", "371502",
                    LocalDate.of(1990, 1, 1)));
            JsonNode byCard = HttpPos.parse(t.pos.post(t.pos.envelope("1101", t.pos.nextMsgid(), E2eTerminal.CASHIER,
                    t.cashier(), "2", waiting(""))));
            ok(byCard);
            assertEquals(ZHANG_PSN, byCard.at("/output/baseinfo/psn_no").asText());
            ObjectNode onCard = purchase(ZHANG_PSN, "310", "03", "0", line("1", "P0002", "100.00", "2", "50.00"));
            ((ObjectNode) onCard.get("druginfo")).put("mdtrt_cert_no", byCard.at("/output/term_certinfo/mdtrt_cert_no").asText());
            ObjectNode kiosk = t.pos.envelope("2102", t.pos.nextMsgid(), E2eTerminal.CASHIER, t.cashier(), "2", onCard);
            String answer = t.pos.post(kiosk);
            ok(HttpPos.parse(answer));
            assertEquals(answer, t.pos.post(kiosk));
            Eventually.await(Duration.ofSeconds(30), () -> t.app.backlog() == 0, () -> "the backlog did not drain");
            assertEquals(List.of(setlId(answer)), t.acceptedSettlements());
            assertEquals(2, t.terminalScalar("SELECT CAST(opter_type AS INTEGER) FROM settlement"), "settled as a kiosk");
        }
    }

    /** Shows {@code qr} to the scanner again and again (a phone held under it) while {@code call} waits. */
    static JsonNode whileScanning(E2eTerminal t, String qr, Callable<JsonNode> call) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread customer = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                t.scanner.scan(qr);
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return call.call();
        } finally {
            done.set(true);
            customer.join();
        }
    }

    static String setlId(String answer) {
        return HttpPos.parse(answer).at("/output/setlinfo/setl_id").asText();
    }

    static ObjectNode waiting(String certType) {
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", certType).put("mdtrt_cert_no", "").put("term_wait_s", 10);
        return input;
    }

    static ObjectNode byId(String certno) {
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", certno).put("psn_cert_type", "01")
                .put("certno", certno);
        return input;
    }

    static ObjectNode line(String sn, String localCode, String amount, String cnt, String price) {
        return HttpPos.JSON.createObjectNode().put("feedetl_sn", sn).put("medins_list_codg", localCode)
                .put("det_item_fee_sumamt", amount).put("cnt", cnt).put("pric", price);
    }

    static ObjectNode purchase(String psnNo, String insutype, String certType, String acctUsed, ObjectNode... lines) {
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (ObjectNode l : lines) total = total.add(new java.math.BigDecimal(l.path("det_item_fee_sumamt").asText()));
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putObject("druginfo").put("psn_no", psnNo).put("mdtrt_cert_type", certType).put("insutype", insutype)
                .put("med_type", "41").put("medfee_sumamt", total.toPlainString()).put("acct_used_flag", acctUsed);
        var detail = input.putArray("drugdetail");
        for (ObjectNode l : lines) detail.add(l);
        return input;
    }

    /** The 2103 of the settlement {@code settledAnswer} (a 2102 answer): its setl_id and mdtrt_id, and the person. */
    static ObjectNode reversal(String settledAnswer, String psnNo) {
        JsonNode setlinfo = HttpPos.parse(settledAnswer).at("/output/setlinfo");
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putObject("data").put("setl_id", setlinfo.path("setl_id").asText())
                .put("mdtrt_id", setlinfo.path("mdtrt_id").asText()).put("psn_no", psnNo);
        return input;
    }
}
