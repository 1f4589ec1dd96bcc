package org.yibao.terminal.flow.settle;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptFormatter;
import org.yibao.terminal.store.receipt.ClaimUploads;
import org.yibao.terminal.store.receipt.KeptReceipt;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * What happens at the counter after a commit: the receipt is printed (it was kept in the
 * settlement's transaction, so a printer fault only leaves it waiting for reprint) and the
 * indicators signal success (a refusal is signalled around the flow, {@code OutcomeSignals}); a
 * receipt that did not print plays the fault after the success (the settlement stands, the printer
 * needs staff), so a customer at a kiosk is not told the payment failed. Never undoes anything.
 *
 * <p>A settlement's receipt is printed after its answer, on this desk's own thread
 * ({@link #printLater}), in the order the settlements committed: the POS or kiosk has its answer
 * while a serial printer is still feeding paper (a receipt takes about a second at 9600 baud),
 * and the print, the "printed" mark and the signal are no longer part of the answer's latency.
 * The answer never depended on the print (a printer already known to be unready is announced
 * in warn_msg before the commit). A receipt that cannot be queued (the desk is closed, or
 * {@value #QUEUE} receipts wait) stays kept, unprinted, for reprint. {@link #close} lets the
 * queued receipts print first (at most {@link #DRAIN}).
 */
public final class ReceiptDesk implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptDesk.class);
    /** Receipts waiting for the printer; more would mean the printer has stopped, not a busy counter. */
    static final int QUEUE = 256;
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final ReceiptPrinter printer;
    private final Indicators indicators;
    private final ReceiptStore receipts;
    private final ClaimUploads uploads;
    private final PaperWidth paper;
    private final PrinterWatch watch;
    private final BlockingQueue<Receipt> queue = new LinkedBlockingQueue<>(QUEUE);
    private final Object idle = new Object();
    /** Receipts queued or printing; guarded by {@link #idle}. */
    private int pending;
    private boolean closed;
    private final Thread worker;

    public ReceiptDesk(ReceiptPrinter printer, Indicators indicators, ReceiptStore receipts, ClaimUploads uploads,
                       PaperWidth paper) {
        this(printer, indicators, receipts, uploads, paper, PrinterWatch.BUDGET);
    }

    /** As above, waiting at most {@code statusBudget} for the printer's state before a commit ({@link #printerProblem}). */
    ReceiptDesk(ReceiptPrinter printer, Indicators indicators, ReceiptStore receipts, ClaimUploads uploads, PaperWidth paper,
                Duration statusBudget) {
        this.printer = Objects.requireNonNull(printer, "printer");
        this.watch = new PrinterWatch(printer, statusBudget);
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.paper = Objects.requireNonNull(paper, "paper");
        this.worker = Thread.ofPlatform().name("receipt-desk").daemon(true).start(this::run);
    }

    /**
     * Queues the kept {@code receipt} to be printed and signalled on the desk's thread; returns at
     * once. When it cannot be queued it stays kept for reprint, and success then the fault are signalled.
     */
    public void printLater(Receipt receipt) {
        Objects.requireNonNull(receipt, "receipt");
        synchronized (idle) {
            if (!closed && queue.offer(receipt)) {
                pending++;
                return;
            }
        }
        LOG.warn("receipt of {} not queued for the printer ({} waiting or the desk is closed); kept for reprint",
                receipt.setlId(), QUEUE);
        settledButNotPrinted();
    }

    /** Waits until every queued receipt has been printed or has failed; false if that took longer than {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    private void run() {
        while (true) {
            Receipt receipt;
            try {
                receipt = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                printAndSignal(receipt);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("receipt of {}: {}; kept for reprint", receipt.setlId(), e.toString());
                settledButNotPrinted();
            } finally {
                synchronized (idle) {
                    pending--;
                    idle.notifyAll();
                }
            }
        }
    }

    /** Takes no more receipts, lets the queued ones print (at most {@link #DRAIN}), then stops the desk's thread. */
    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
        }
        try {
            if (!awaitIdle(DRAIN)) {
                LOG.warn("{} receipt(s) still queued for the printer at shutdown; kept for reprint", queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
        watch.close();
    }

    /**
     * The printer's problem for a settlement's warn_msg, known before its commit: asked of the
     * printer for at most a short budget, else the last state learnt (see {@link PrinterWatch}),
     * so a printer that is off or hangs never holds a settlement's answer.
     */
    public Optional<PrinterReason> printerProblem() {
        return watch.problem();
    }

    /** Prints the kept {@code receipt} and signals; empty when printed, else the printer's 18xx warning. */
    private Optional<Refusal> printAndSignal(Receipt receipt) throws SQLException {
        Optional<Refusal> problem = print(receipt);
        if (problem.isEmpty()) {
            indicators.signal(Signal.SUCCESS);
        } else {
            settledButNotPrinted();
        }
        return problem;
    }

    /** The settlement (or reversal) stands, its receipt waits for reprint: success, then the fault. */
    private void settledButNotPrinted() {
        indicators.signal(Signal.SUCCESS, Signal.FAULT);
    }

    /**
     * Prints the kept receipt of {@code setlId} again, marked 重打: the one of {@code kind}, else the
     * latest (the reversal's when it was reversed); empty when none is kept ({@link #whyNotKept}).
     * An offline receipt whose claim has since reached the centre says so ({@link ClaimUploads}).
     * A receipt that did not print signals the fault (the printer needs staff).
     */
    public Optional<Optional<Refusal>> reprint(String setlId, Optional<Receipt.Kind> kind) throws SQLException {
        Optional<KeptReceipt> kept = receipts.kept(setlId, kind, true);
        if (kept.isEmpty()) return Optional.empty();
        Optional<Refusal> problem = print(uploads.asNow(kept.get().receipt()));
        if (problem.isPresent()) indicators.signal(Signal.FAULT);
        return Optional.of(problem);
    }

    /** Why {@link #reprint} found no receipt of {@code setlId}. */
    public FlowReason whyNotKept(String setlId, Optional<Receipt.Kind> kind) throws SQLException {
        return whyNotKept(receipts, uploads, setlId, kind);
    }

    /**
     * Why {@code receipts} keep no receipt of {@code setlId} of {@code kind} (else its latest):
     * 1364 when there never was one (a reversal's asked of a settlement never reversed); 1380 when
     * the settlement is stored but its receipt was deleted after the receipt retention
     * ({@code retention.receipt_days}; the settlement can still be reversed); else 1360, no such
     * settlement.
     */
    public static FlowReason whyNotKept(ReceiptStore receipts, ClaimUploads settlements, String setlId,
                                        Optional<Receipt.Kind> kind) throws SQLException {
        Optional<StoredSettlement> settlement = settlements.settlement(setlId);
        if (settlement.isPresent()) {
            boolean neverReversed = settlement.get().state() != StoredSettlement.State.REVERSED;
            return kind.equals(Optional.of(Receipt.Kind.REVERSAL)) && neverReversed
                    ? FlowReason.RECEIPT_NOT_KEPT : FlowReason.RECEIPT_PURGED;
        }
        return kind.isPresent() && receipts.latest(setlId, false).isPresent() ? FlowReason.RECEIPT_NOT_KEPT : FlowReason.SETTLEMENT_NOT_FOUND;
    }

    private Optional<Refusal> print(Receipt receipt) throws SQLException {
        PrintResult result = printer.print(ReceiptFormatter.layout(receipt, paper));
        watch.saw(result);
        if (result.printed()) {
            receipts.markPrinted(receipt.setlId(), receipt.kind());
            return Optional.empty();
        }
        PrinterReason reason = PrinterReason.of(result).orElseThrow();
        String detail = result instanceof PrintResult.NotPrinted np ? np.detail() : "";
        LOG.warn("receipt of {} not printed ({}): {}; kept for reprint", receipt.setlId(), reason.code(), detail);
        return Optional.of(new Refusal(reason, detail));
    }
}
