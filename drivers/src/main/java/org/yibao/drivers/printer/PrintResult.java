package org.yibao.drivers.printer;

import java.util.Objects;

/**
 * The typed outcome of one print: the bytes went to the printer, or they did not and the
 * status says why. A printer never answers with an exception for a device condition.
 */
public sealed interface PrintResult {

    /** True when the whole document was handed to the printer. */
    default boolean printed() {
        return this instanceof Printed;
    }

    /** The document was written to the printer in full ({@code bytes} ESC/POS bytes). */
    record Printed(int bytes) implements PrintResult {
    }

    /**
     * Nothing or not all of the document reached the printer. {@code detail} says what failed
     * with its numbers (address, timeout, status byte) and never carries personal data.
     */
    record NotPrinted(PrinterStatus status, String detail) implements PrintResult {
        public NotPrinted {
            Objects.requireNonNull(status, "status");
            if (status == PrinterStatus.READY) {
                throw new IllegalArgumentException("a failed print cannot have status READY");
            }
            detail = detail == null ? "" : detail;
        }
    }
}
