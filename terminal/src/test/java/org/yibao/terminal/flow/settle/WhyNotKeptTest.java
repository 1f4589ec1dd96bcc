package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.receipt.ClaimUploads;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.NewSettlement;
import org.yibao.terminal.store.settlement.SettlementStore;

/**
 * Why a reprint found no receipt, on a real SQLite file, as {@code term_receipt_reprint} and
 * {@code terminal receipt reprint} answer it: a settlement still stored whose receipt was deleted
 * after {@code retention.receipt_days} is 1380 (the cashier is told it can still be reversed), for
 * either kind and for the latest once reversed; a reversal's receipt of a settlement never reversed
 * is 1364; a setl_id with neither settlement nor receipt is 1360. Found by mutation testing: the
 * 1380 answers were reached only by the receipt-retention flow test, too slow for the mutation run.
 */
class WhyNotKeptTest {
    @TempDir Path dir;

    private static Receipt receipt(String setlId) {
        return new Receipt(Receipt.Kind.SETTLEMENT, false, false, "济南仁和大药房", "H37010200001", "YB-T0001", "0012",
                LocalDateTime.of(2026, 11, 23, 14, 7, 30), setlId, "", "张某三", "371523199001011234", "", "310", "41",
                List.of(new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, new BigDecimal("1"), 1000)),
                new ReceiptTotals(1000, 0, 0, 0, 1000, 0));
    }

    @Test void aDeletedReceiptOfAStoredSettlementIs1380AReversalsOfOneNeverReversed1364AndAnUnknownOne1360() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            SettlementStore settlements = SettlementStore.open(db);
            ReceiptStore receipts = ReceiptStore.open(db, Clock.systemUTC());
            ClaimUploads uploads = ClaimUploads.in(db);
            LocalDateTime at = LocalDateTime.of(2026, 11, 23, 14, 7, 30);
            db.inTransaction(tx -> {
                for (String id : List.of("S1", "S2")) {
                    settlements.insert(tx, new NewSettlement(id, "M-" + id, "msg-" + id, "2102", "P1", "1", at, false,
                            "claim-" + id, "41", Fixtures.tenYuanJia(), "{\"setlinfo\":{}}"));
                }
                receipts.keep(tx, receipt("S8")); // a receipt whose settlement this database does not hold
                return null;
            });
            db.inTransaction(tx -> settlements.markReversed(tx, "S2", "msg-r", at.plusHours(1), "claim-r"));

            Optional<Receipt.Kind> settlementKind = Optional.of(Receipt.Kind.SETTLEMENT);
            Optional<Receipt.Kind> reversalKind = Optional.of(Receipt.Kind.REVERSAL);
            Optional<Receipt.Kind> latest = Optional.empty();

            assertEquals(FlowReason.RECEIPT_PURGED, ReceiptDesk.whyNotKept(receipts, uploads, "S1", settlementKind));
            assertEquals(FlowReason.RECEIPT_PURGED, ReceiptDesk.whyNotKept(receipts, uploads, "S1", latest));
            assertEquals(FlowReason.RECEIPT_NOT_KEPT, ReceiptDesk.whyNotKept(receipts, uploads, "S1", reversalKind),
                    "never reversed: it has no reversal's receipt");

            assertEquals(FlowReason.RECEIPT_PURGED, ReceiptDesk.whyNotKept(receipts, uploads, "S2", reversalKind),
                    "reversed: its reversal's receipt was deleted");
            assertEquals(FlowReason.RECEIPT_PURGED, ReceiptDesk.whyNotKept(receipts, uploads, "S2", settlementKind));
            assertEquals(FlowReason.RECEIPT_PURGED, ReceiptDesk.whyNotKept(receipts, uploads, "S2", latest));

            assertEquals(FlowReason.RECEIPT_NOT_KEPT, ReceiptDesk.whyNotKept(receipts, uploads, "S8", reversalKind),
                    "a receipt of another kind is kept");
            assertEquals(FlowReason.SETTLEMENT_NOT_FOUND, ReceiptDesk.whyNotKept(receipts, uploads, "S9", reversalKind));
            assertEquals(FlowReason.SETTLEMENT_NOT_FOUND, ReceiptDesk.whyNotKept(receipts, uploads, "S9", settlementKind));
            assertEquals(FlowReason.SETTLEMENT_NOT_FOUND, ReceiptDesk.whyNotKept(receipts, uploads, "S9", latest));
            assertEquals("1380", FlowReason.RECEIPT_PURGED.code());
            assertEquals("1364", FlowReason.RECEIPT_NOT_KEPT.code());
            assertEquals("1360", FlowReason.SETTLEMENT_NOT_FOUND.code());
        }
    }
}
