package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.receipt.ReceiptStore;

/** What the receipt desk's tests keep, read and check on a real store and the simulated indicators. */
final class ReceiptDeskChecks {
    private ReceiptDeskChecks() {
    }

    /** The settlement stands (green first), then the printer needs staff (red): never the fault alone. */
    static void assertSuccessThenFault(ManualScheduler scheduler, SimulatedIndicators indicators) {
        scheduler.advance(Duration.ofSeconds(10)); // both patterns play out
        List<SimulatedIndicators.Change> shown = indicators.history();
        Duration green = shown.stream().filter(c -> c.output() == Output.GREEN_LED && c.on()).findFirst()
                .orElseThrow(() -> new AssertionError("no success signalled: " + shown)).at();
        Duration red = shown.stream().filter(c -> c.output() == Output.RED_LED && c.on()).findFirst()
                .orElseThrow(() -> new AssertionError("no fault signalled: " + shown)).at();
        assertTrue(green.compareTo(red) < 0, "success before the fault: " + shown);
    }

    /** A receipt of {@code setlId} kept as a settlement's transaction keeps it. */
    static Receipt kept(SqliteDatabase db, ReceiptStore receipts, String setlId) throws Exception {
        Receipt receipt = new Receipt(Receipt.Kind.SETTLEMENT, false, false, "济南仁和大药房", "H37010200001", "YB-T0001", "0012",
                LocalDateTime.of(2026, 11, 23, 14, 7, 30), setlId, "", "张某三", "371523199001011234", "M12345678X",
                "310", "41", List.of(new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, new BigDecimal("2"), 2500)),
                new ReceiptTotals(2500, 0, 0, 0, 2500, 0));
        db.inTransaction(tx -> {
            receipts.keep(tx, receipt);
            return null;
        });
        return receipt;
    }

    /** The kept receipt's {@code printed} column (-1 when none is kept for {@code setlId}). */
    static long printed(SqliteDatabase db, String setlId) throws Exception {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT printed FROM receipt_kept WHERE setl_id = ?")) {
                s.setString(1, setlId);
                try (var r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : -1L;
                }
            }
        });
    }
}
