package org.yibao.terminal.flow.settle;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.terminal.receipt.PrinterReason;

/**
 * What a settlement says about the printer in its warn_msg, without making the answer wait on
 * the printer. Asking a real printer takes a round trip at best, and up to its whole timeout
 * (5 s) when it is switched off, unplugged or hangs, plus the print in progress it queues
 * behind; a 2102 waited all of that before its commit. Now a settlement waits at most
 * {@code budget} for one status question (concurrent settlements share the one in flight) and
 * otherwise takes what was last learnt: that question's answer when it comes, or the outcome of
 * the latest print. The printer's state never changes what is written, only the warning.
 */
final class PrinterWatch implements AutoCloseable {
    static final Duration BUDGET = Duration.ofMillis(200);

    private final ReceiptPrinter printer;
    private final Duration budget;
    private final ExecutorService asker = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("printer-watch").daemon(true).unstarted(r));
    private volatile Optional<PrinterReason> last = Optional.empty();
    /** The status question in flight, or the last one answered; guarded by {@code this}. */
    private CompletableFuture<Optional<PrinterReason>> asking;

    PrinterWatch(ReceiptPrinter printer, Duration budget) {
        this.printer = Objects.requireNonNull(printer, "printer");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** The printer's problem as far as it can be known within the budget; empty when ready or unknown. */
    Optional<PrinterReason> problem() {
        CompletableFuture<Optional<PrinterReason>> question = ask();
        try {
            return question.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last;
        }
    }

    /** What a print just showed (the receipt desk tells every outcome). */
    void saw(PrintResult result) {
        last = PrinterReason.of(result);
    }

    private synchronized CompletableFuture<Optional<PrinterReason>> ask() {
        if (asking == null || asking.isDone()) {
            try {
                asking = CompletableFuture.supplyAsync(() -> PrinterReason.of(printer.status()), asker);
                asking.thenAccept(reason -> last = reason);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                return CompletableFuture.completedFuture(last);
            }
        }
        return asking;
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
