package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.receipt.ClaimUploads;
import org.yibao.terminal.store.receipt.ReceiptStore;

/**
 * The desk prints after the answer: {@link ReceiptDesk#printLater} returns while the printer is
 * still busy, receipts print in the order they were queued, each is marked printed in the real
 * SQLite store once it printed, and closing lets the queued ones print first.
 */
class ReceiptDeskTest {
    @TempDir Path dir;
    private SqliteDatabase db;
    private ReceiptStore receipts;
    private final SimulatedPrinter simulated = new SimulatedPrinter();
    private final HeldPrinter printer = new HeldPrinter(simulated);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimulatedIndicators indicators = new SimulatedIndicators(scheduler);
    private ReceiptDesk desk;

    @BeforeEach void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        receipts = ReceiptStore.open(db, Clock.systemUTC());
        desk = new ReceiptDesk(printer, indicators, receipts, ClaimUploads.in(db), PaperWidth.MM58);
    }

    @AfterEach void close() {
        printer.release();
        desk.close();
        indicators.close();
        db.close();
    }

    @Test void theCallerIsBackBeforeThePrinterIsDoneAndTheReceiptIsMarkedWhenItPrinted() throws Exception {
        Receipt receipt = kept("S0001");
        desk.printLater(receipt); // the printer is held: this must not wait for it
        assertTrue(printer.entered.await(10, TimeUnit.SECONDS), "the desk's thread reached the printer");
        assertFalse(desk.awaitIdle(Duration.ofMillis(50)), "still printing");
        assertEquals(0, printed("S0001"), "not marked before it printed");
        assertFalse(indicators.history().stream().anyMatch(c -> c.output() == Output.GREEN_LED), "no success signal yet");

        printer.release();
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(1, printed("S0001"));
        assertTrue(EscPosDecoder.decode(simulated.lastPrinted()).transcript().contains("S0001"));
        assertTrue(indicators.history().stream().anyMatch(c -> c.output() == Output.GREEN_LED && c.on()), "success signalled");
    }

    @Test void receiptsPrintInTheOrderTheyWereQueuedAndCloseLetsTheQueuedOnesPrint() throws Exception {
        for (String id : List.of("S0001", "S0002", "S0003")) desk.printLater(kept(id));
        printer.release();
        desk.close();
        List<String> order = simulated.printed().stream().map(b -> EscPosDecoder.decode(b).transcript())
                .map(t -> t.contains("S0001") ? "S0001" : t.contains("S0002") ? "S0002" : t.contains("S0003") ? "S0003" : "?")
                .toList();
        assertEquals(List.of("S0001", "S0002", "S0003"), order);
        for (String id : List.of("S0001", "S0002", "S0003")) assertEquals(1, printed(id), id);
    }

    @Test void aReceiptArrivingAfterCloseStaysKeptForReprintAndSuccessThenTheFaultIsSignalled() throws Exception {
        printer.release();
        desk.close();
        desk.printLater(kept("S0009"));
        assertEquals(0, printed("S0009"));
        assertTrue(simulated.printed().isEmpty());
        assertSuccessThenFault();
    }

    @Test void aPrinterOutOfPaperLeavesTheReceiptUnprintedAndSignalsSuccessThenTheFault() throws Exception {
        simulated.paperOut();
        printer.release();
        desk.printLater(kept("S0004"));
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0, printed("S0004"));
        assertSuccessThenFault();
    }

    /** The settlement stands (green first), then the printer needs staff (red): never the fault alone. */
    private void assertSuccessThenFault() {
        scheduler.advance(Duration.ofSeconds(10)); // both patterns play out
        List<SimulatedIndicators.Change> shown = indicators.history();
        Duration green = shown.stream().filter(c -> c.output() == Output.GREEN_LED && c.on()).findFirst()
                .orElseThrow(() -> new AssertionError("no success signalled: " + shown)).at();
        Duration red = shown.stream().filter(c -> c.output() == Output.RED_LED && c.on()).findFirst()
                .orElseThrow(() -> new AssertionError("no fault signalled: " + shown)).at();
        assertTrue(green.compareTo(red) < 0, "success before the fault: " + shown);
    }

    /** A receipt kept as a settlement's transaction keeps it. */
    private Receipt kept(String setlId) throws Exception {
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

    private long printed(String setlId) throws Exception {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT printed FROM receipt_kept WHERE setl_id = ?")) {
                s.setString(1, setlId);
                try (var r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : -1L;
                }
            }
        });
    }

    /** The simulated printer behind a gate: every print waits until the test releases it (a slow serial printer). */
    private static final class HeldPrinter implements ReceiptPrinter {
        private final ReceiptPrinter inner;
        private final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        HeldPrinter(ReceiptPrinter inner) {
            this.inner = inner;
        }

        void release() {
            gate.countDown();
        }

        @Override public PrintResult print(ReceiptDocument document) {
            entered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never released the printer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return inner.print(document);
        }

        @Override public PrinterStatus status() {
            return inner.status();
        }

        @Override public void close() {
            inner.close();
        }
    }
}
