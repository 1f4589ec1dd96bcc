package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.receipt.ReceiptStore;

/**
 * A 2103 after the settlement's printed receipt was deleted ({@code retention.receipt_days}): the
 * reversal goes through, and its receipt is made from the settlement's record (marked so, without
 * the ID number only the deleted receipt held), every amount the settlement's negated. A short
 * stand-in for ReceiptRetentionTest in the settlement's mutation run (that test imports a
 * catalogue and is too slow for it): without it the fallback was never reached there.
 */
class ReversalOfADeletedReceiptTest {
    @Test
    void theReversalsReceiptIsMadeFromTheSettlementsRecord(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            ReceiptStore receipts = ReceiptStore.open(rig.db, rig.clock);
            Receipt printed = receipts.find(setlId, Receipt.Kind.SETTLEMENT).orElseThrow().receipt();
            rig.clock.advance(Duration.ofHours(1));
            assertEquals(1, receipts.deletePrintedBefore(rig.clock.instant()), "the printed receipt's retention is over");

            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            Receipt reversal = receipts.find(setlId, Receipt.Kind.REVERSAL).orElseThrow().receipt();
            assertTrue(reversal.fromRecord(), "made from the settlement's record");
            assertEquals("", reversal.certNo(), "only the deleted receipt held the ID number");
            assertEquals(FlowRig.CERTNO, printed.certNo());
            assertEquals(java.util.List.of(new ReceiptLine(Fixtures.JIA, printed.lines().getFirst().level(),
                    printed.lines().getFirst().quantity().negate(), -10_000)), reversal.lines());
            ReceiptTotals t = printed.totals();
            assertEquals(10_000, t.medfeeSumamt());
            assertEquals(new ReceiptTotals(-t.medfeeSumamt(), -t.hifpPay(), -t.fundPaySumamt(), -t.acctPay(), -t.psnCashPay(),
                    reversal.totals().balance()), reversal.totals());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE state = 'REVERSED'"));
        }
    }
}
