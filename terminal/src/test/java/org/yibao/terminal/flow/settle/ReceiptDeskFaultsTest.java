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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.receipt.ClaimUploads;
import org.yibao.terminal.store.receipt.ReceiptStore;

/**
 * The receipt desk when the printer fails, on a real SQLite store: a driver that throws while
 * printing leaves the receipt kept and unprinted and signals success then the fault (the patient
 * paid; the printer needs staff); a reprint that does not print is refused with the printer's
 * code and its own words, and signals the fault, one that prints signals nothing wrong; and a failed print is what
 * the next settlement's warn_msg learns when the printer's status question hangs. Found by
 * mutation testing: no test in the settlement's mutation run made a print throw, looked at the
 * signal of a failed reprint, or hung the status question after a failed print.
 */
class ReceiptDeskFaultsTest {
    @TempDir Path dir;
    private SqliteDatabase db;
    private ReceiptStore receipts;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimulatedIndicators indicators = new SimulatedIndicators(scheduler);
    private final Faulty printer = new Faulty();
    private ReceiptDesk desk;

    /** The simulated printer, whose prints may throw and whose status question may hang. */
    private static final class Faulty implements ReceiptPrinter {
        final SimulatedPrinter inner = new SimulatedPrinter();
        volatile boolean throwing;
        volatile CountDownLatch statusGate = new CountDownLatch(0);

        @Override public PrintResult print(ReceiptDocument document) {
            if (throwing) throw new IllegalStateException("driver bug");
            return inner.print(document);
        }

        @Override public PrinterStatus status() {
            try {
                statusGate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.status();
        }

        @Override public void close() {
            inner.close();
        }
    }

    @BeforeEach void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        receipts = ReceiptStore.open(db, Clock.systemUTC());
        desk = new ReceiptDesk(printer, indicators, receipts, ClaimUploads.in(db), PaperWidth.MM58, Duration.ofMillis(100));
    }

    @AfterEach void close() {
        printer.statusGate.countDown();
        desk.close();
        indicators.close();
        db.close();
    }

    @Test void aPrintThatThrowsLeavesTheReceiptForReprintAndSignalsSuccessThenTheFault() throws Exception {
        printer.throwing = true;
        desk.printLater(kept(db, receipts, "S0001"));
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0, printed(db, "S0001"));
        assertSuccessThenFault(scheduler, indicators);
    }

    @Test void aReprintThatDoesNotPrintSignalsTheFaultAndOneThatPrintsDoesNot() throws Exception {
        kept(db, receipts, "S0002");
        printer.inner.paperOut();
        Optional<Optional<Refusal>> failed = desk.reprint("S0002", Optional.empty());
        assertEquals(Optional.of("1802"), failed.orElseThrow().map(r -> r.reason().code()));
        assertEquals("模拟打印机：" + PrinterStatus.PAPER_OUT.message(), failed.orElseThrow().orElseThrow().detail(),
                "the printer's own words go with the refusal");
        scheduler.advance(Duration.ofSeconds(10));
        assertTrue(redShown(0), "the printer needs staff: " + indicators.history());

        int before = indicators.history().size();
        printer.inner.restore();
        assertEquals(Optional.of(Optional.empty()), desk.reprint("S0002", Optional.of(Receipt.Kind.SETTLEMENT)));
        scheduler.advance(Duration.ofSeconds(10));
        assertFalse(redShown(before), "printed: no fault " + indicators.history());
        assertEquals(1, printed(db, "S0002"));
        assertEquals(Optional.empty(), desk.reprint("S0009", Optional.empty()), "nothing kept: nothing printed");
    }

    @Test void whenTheStatusQuestionHangsTheNextSettlementLearnsWhatTheLastPrintShowed() throws Exception {
        printer.statusGate = new CountDownLatch(1); // the printer stops answering status questions
        assertEquals(Optional.empty(), desk.printerProblem(), "nothing learnt yet");
        printer.inner.paperOut();
        desk.printLater(kept(db, receipts, "S0003"));
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(Optional.of(PrinterReason.PAPER_OUT), desk.printerProblem(), "the failed print's reason");
        printer.inner.restore();
        desk.printLater(kept(db, receipts, "S0004"));
        assertTrue(desk.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(Optional.empty(), desk.printerProblem(), "the next print went through");
    }

    /** Whether the red LED came on in the changes after the first {@code from}. */
    private boolean redShown(int from) {
        List<SimulatedIndicators.Change> shown = indicators.history();
        return shown.subList(from, shown.size()).stream().anyMatch(c -> c.output() == Output.RED_LED && c.on());
    }

}
