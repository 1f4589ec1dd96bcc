package org.yibao.drivers.printer;

/**
 * The receipt printer port. Implementations never block longer than their configured
 * timeout: a stuck device yields {@link PrintResult.NotPrinted} or {@link PrinterStatus#OFFLINE},
 * never a hang. Device conditions are typed results; exceptions are reserved for bugs.
 * Thread-safe: concurrent calls are served one at a time.
 */
public interface ReceiptPrinter extends AutoCloseable {

    /** Encodes the document to ESC/POS and sends it; the outcome says whether it printed. */
    PrintResult print(ReceiptDocument document);

    /** The paper the printer was configured with: what receipts for it are laid out for (32 or 48 columns). */
    default PaperWidth paper() {
        return PaperWidth.MM80;
    }

    /** Asks the printer for its state (real-time status where the transport supports it). */
    PrinterStatus status();

    /**
     * As {@link #status()}, with what was learnt asking when it is not READY: the printer named
     * and why, in Chinese, as a {@link PrintResult.NotPrinted}'s detail says it (connection refused,
     * a name that does not resolve, the status byte). For the technician's {@code printer status}.
     */
    default StatusAnswer statusWithDetail() {
        return new StatusAnswer(status(), "");
    }

    /** A status and, when it is not READY, why ({@code ""} when nothing more is known). */
    record StatusAnswer(PrinterStatus status, String detail) {
        public StatusAnswer {
            java.util.Objects.requireNonNull(status, "status");
            detail = detail == null ? "" : detail;
        }
    }

    /** Finishes or abandons the job in progress and releases the device. Idempotent. */
    @Override
    void close();
}
