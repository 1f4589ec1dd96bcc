package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.terminal.operator.OperatorFixtures;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.receipt.ReceiptStore;

/**
 * What the cashier reads in warn_msg when the printer is known to be out of paper before the
 * commit, offline (the offline rig): the settlement and its reversal still go through, and the
 * answer names both the offline state and the printer, in that order ("脱机结算，待上传；打印机缺纸…");
 * with paper back the warning names the offline state only. The receipts kept for reprint name the
 * cashier who signed in as 操作员, and the reversal's is made from the settlement's kept receipt
 * (with the ID number), not from its record while that receipt is kept. And a 2102 for a person
 * this terminal never identified is refused 1351, one naming a card the person was not identified
 * by, or another person's ID number as certno, 1309, with nothing written. Found by mutation testing: no test in the settlement's
 * mutation run read warn_msg with a printer problem (dropping the printer's part, or the offline
 * part, went unnoticed), the receipt's operator, or which receipt a reversal's is made from.
 */
class PrinterWarningFlowTest {
    private static final String OFFLINE = "脱机结算，待上传";

    @Test
    void aPrinterOutOfPaperIsNamedAfterTheOfflineStateAndTheReceiptsNameTheCashier(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            SimulatedPrinter printer = rig.simulatedPrinter();
            printer.paperOut();
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertEquals(OFFLINE + "；" + PrinterReason.PAPER_OUT.message(), settled.path("warn_msg").asText());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();

            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            assertEquals(OFFLINE + "；" + PrinterReason.PAPER_OUT.message(), reversed.path("warn_msg").asText());
            assertEquals(0, rig.scalar("SELECT count(*) FROM receipt_kept WHERE printed = 1"), "both wait for reprint");

            ReceiptStore receipts = ReceiptStore.open(rig.db, rig.clock);
            for (Receipt.Kind kind : Receipt.Kind.values()) {
                assertEquals(OperatorFixtures.CASHIER, receipts.find(setlId, kind).orElseThrow().receipt().operatorId(),
                        kind + "'s receipt: the cashier who signed in");
            }
            Receipt reversal = receipts.find(setlId, Receipt.Kind.REVERSAL).orElseThrow().receipt();
            assertFalse(reversal.fromRecord(), "made from the settlement's kept receipt, not from its record");
            assertEquals(FlowRig.CERTNO, reversal.certNo(), "the ID number only the kept receipt holds");

            printer.restore();
            JsonNode next = rig.call("2102", FlowRig.purchase("50.00", "1", "50.00", false));
            assertEquals(0, next.path("infcode").asInt(), next.toString());
            assertEquals(OFFLINE, next.path("warn_msg").asText(), "paper back: the offline state only");
        }
    }

    @Test
    void aPersonNeverIdentifiedHereIsRefused1351AndAnotherCard1309AndNothingIsWritten(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            for (String infno : new String[] {"2101", "2102"}) {
                JsonNode refused = rig.call(infno, FlowRig.purchase("50.00", "2", "100.00", true));
                assertEquals(-1, refused.path("infcode").asInt(), refused.toString());
                assertEquals("1351", refused.path("term_errcode").asText(), refused.toString());
            }
            rig.seed(FlowRig.employee());
            ObjectNode otherCard = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) otherCard.get("druginfo")).put("mdtrt_cert_type", "03").put("mdtrt_cert_no", "D99999999");
            JsonNode refused = rig.call("2102", otherCard);
            assertEquals("1309", refused.path("term_errcode").asText(), "not the card the person was identified by: " + refused);
            ObjectNode otherCertno = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) otherCertno.get("druginfo")).put("psn_cert_type", "01").put("certno", "371502199912312345");
            JsonNode twoPeople = rig.call("2102", otherCertno);
            assertEquals("1309", twoPeople.path("term_errcode").asText(), "druginfo.certno is another person's: " + twoPeople);
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            assertEquals(0, rig.scalar("SELECT count(*) FROM outbox_message"));
        }
    }
}
