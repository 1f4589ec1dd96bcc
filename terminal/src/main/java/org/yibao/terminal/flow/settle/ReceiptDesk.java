package org.yibao.terminal.flow.settle;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptFormatter;
import org.yibao.terminal.store.receipt.KeptReceipt;
import org.yibao.terminal.store.receipt.ReceiptStore;

/**
 * What happens at the counter after a commit: the receipt is printed (it was kept in the
 * settlement's transaction, so a printer fault only leaves it waiting for reprint) and the
 * indicators signal success, refusal or a device fault. Never undoes anything.
 */
public final class ReceiptDesk {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptDesk.class);

    private final ReceiptPrinter printer;
    private final Indicators indicators;
    private final ReceiptStore receipts;
    private final PaperWidth paper;

    public ReceiptDesk(ReceiptPrinter printer, Indicators indicators, ReceiptStore receipts, PaperWidth paper) {
        this.printer = Objects.requireNonNull(printer, "printer");
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.paper = Objects.requireNonNull(paper, "paper");
    }

    /** Prints the kept {@code receipt} and signals; empty when printed, else the printer's 18xx warning. */
    public Optional<Refusal> printAndSignal(Receipt receipt) throws SQLException {
        Optional<Refusal> problem = print(receipt);
        indicators.signal(problem.isEmpty() ? Signal.SUCCESS : Signal.FAULT);
        return problem;
    }

    /** Signals a business refusal. */
    public void refused() {
        indicators.signal(Signal.REFUSAL);
    }

    /** Prints the kept receipt of {@code setlId} again, marked 重打; empty when none is kept. */
    public Optional<Optional<Refusal>> reprint(String setlId) throws SQLException {
        Optional<KeptReceipt> kept = receipts.latest(setlId, true);
        if (kept.isEmpty()) return Optional.empty();
        return Optional.of(print(kept.get().receipt()));
    }

    private Optional<Refusal> print(Receipt receipt) throws SQLException {
        PrintResult result = printer.print(ReceiptFormatter.layout(receipt, paper));
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
