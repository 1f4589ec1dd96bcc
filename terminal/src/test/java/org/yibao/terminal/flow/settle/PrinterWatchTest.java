package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.terminal.receipt.PrinterReason;

/**
 * What a settlement learns of the printer before its commit, within its budget: the status answer
 * when it comes in time; otherwise the last state learnt (the previous answer, or what the latest
 * print showed), never a wait on a printer that hangs; one status question at a time, shared by
 * the settlements that ask meanwhile, and a new one once it is answered; after close, the last
 * state without asking. Found by mutation testing: PrinterThatHangsTest, the only test that made
 * the printer hang, waits out printer timeouts and is too slow for the mutation profile.
 */
class PrinterWatchTest {
    /** Longer than the production 200 ms, so a loaded CI machine answers a ready printer in time. */
    private static final Duration BUDGET = Duration.ofSeconds(1);

    /** The simulated printer, whose status answers can be held back (a printer that hangs) and are counted. */
    private static final class SlowStatus implements ReceiptPrinter {
        final SimulatedPrinter inner = new SimulatedPrinter();
        final AtomicInteger asked = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override public PrintResult print(ReceiptDocument document) {
            return inner.print(document);
        }

        @Override public PrinterStatus status() {
            asked.incrementAndGet();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.status();
        }

        @Override public void close() {
            inner.close();
        }
    }

    @Test void theAnswerInTimeIsTakenAndAHangingPrinterGivesTheLastStateLearntWithinTheBudget() throws Exception {
        SlowStatus printer = new SlowStatus();
        try (PrinterWatch watch = new PrinterWatch(printer, BUDGET)) {
            assertEquals(Optional.empty(), watch.problem(), "ready");
            printer.inner.paperOut();
            assertEquals(Optional.of(PrinterReason.PAPER_OUT), watch.problem(), "asked again once answered");
            assertEquals(2, printer.asked.get());

            printer.gate = new CountDownLatch(1); // the printer stops answering
            printer.inner.restore();
            long started = System.nanoTime();
            assertEquals(Optional.of(PrinterReason.PAPER_OUT), watch.problem(), "the last answer, not a wait");
            assertEquals(Optional.of(PrinterReason.PAPER_OUT), watch.problem(), "the question in flight is shared");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "two budgets, not the printer's hang (30 s): " + took);
            assertEquals(3, printer.asked.get(), "one question in flight, not one per settlement");

            watch.saw(new PrintResult.NotPrinted(PrinterStatus.OFFLINE, "no answer"));
            assertEquals(Optional.of(PrinterReason.OFFLINE), watch.problem(), "what the latest print showed");
            watch.saw(new PrintResult.Printed(100));
            assertEquals(Optional.empty(), watch.problem(), "a print went through");

            printer.gate.countDown(); // the hung question is answered: READY
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (printer.asked.get() < 4 && System.nanoTime() < deadline) watch.problem();
            assertEquals(Optional.empty(), watch.problem());
            assertTrue(printer.asked.get() >= 4, "a new question once the old one was answered");
        }
    }

    @Test void afterCloseTheLastStateIsGivenWithoutAsking() throws Exception {
        SlowStatus printer = new SlowStatus();
        PrinterWatch watch = new PrinterWatch(printer, BUDGET);
        printer.inner.fault();
        assertEquals(Optional.of(PrinterReason.FAULT), watch.problem());
        watch.close();
        int asked = printer.asked.get();
        printer.inner.restore();
        assertEquals(Optional.of(PrinterReason.FAULT), watch.problem());
        assertEquals(asked, printer.asked.get(), "a closed watch asks nothing");
    }
}
