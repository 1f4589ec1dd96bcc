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

    /** Finishes or abandons the job in progress and releases the device. Idempotent. */
    @Override
    void close();
}
