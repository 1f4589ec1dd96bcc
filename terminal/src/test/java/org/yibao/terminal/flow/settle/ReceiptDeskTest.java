package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.flow.settle.ReceiptDeskChecks.assertSuccessThenFault;
import static org.yibao.terminal.flow.settle.ReceiptDeskChecks.kept;
import static org.yibao.terminal.flow.settle.ReceiptDeskChecks.printed;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.yibao.terminal.receipt.Receipt;
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
        Receipt receipt = kept(db, receipts, "S0001");
        desk.printLater(receipt); // the printer is held: this must not wait for it
        assertTrue(printer.entered.await(10, TimeUnit.SECONDS), "the desk's thread reached the printer");
        assertFalse(desk.awaitIdle(Duration.ofMillis(50)), "still printing");
        assertEquals(0, printed(db, "S0001"), "not marked before it printed");
        assertFalse(indicators.history().stream().anyMatch(c -> c.output() == Output.GREEN_LED), "no success signal yet");

        printer.release();
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(1, printed(db, "S0001"));
        assertTrue(EscPosDecoder.decode(simulated.lastPrinted()).transcript().contains("S0001"));
        assertTrue(indicators.history().stream().anyMatch(c -> c.output() == Output.GREEN_LED && c.on()), "success signalled");
    }

    @Test void receiptsPrintInTheOrderTheyWereQueuedAndCloseLetsTheQueuedOnesPrint() throws Exception {
        for (String id : List.of("S0001", "S0002", "S0003")) desk.printLater(kept(db, receipts, id));
        printer.release();
        desk.close();
        List<String> order = simulated.printed().stream().map(b -> EscPosDecoder.decode(b).transcript())
                .map(t -> t.contains("S0001") ? "S0001" : t.contains("S0002") ? "S0002" : t.contains("S0003") ? "S0003" : "?")
                .toList();
        assertEquals(List.of("S0001", "S0002", "S0003"), order);
        for (String id : List.of("S0001", "S0002", "S0003")) assertEquals(1, printed(db, id), id);
    }

    @Test void aReceiptArrivingAfterCloseStaysKeptForReprintAndSuccessThenTheFaultIsSignalled() throws Exception {
        printer.release();
        desk.close();
        desk.printLater(kept(db, receipts, "S0009"));
        assertEquals(0, printed(db, "S0009"));
        assertTrue(simulated.printed().isEmpty());
        assertSuccessThenFault(scheduler, indicators);
    }

    @Test void aPrinterOutOfPaperLeavesTheReceiptUnprintedAndSignalsSuccessThenTheFault() throws Exception {
        simulated.paperOut();
        printer.release();
        desk.printLater(kept(db, receipts, "S0004"));
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0, printed(db, "S0004"));
        assertSuccessThenFault(scheduler, indicators);
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
