package org.yibao.drivers.scanner;

/**
 * Receives what a {@link CodeScannerPort} reads. Called on the adapter's own thread, one call
 * at a time; an exception thrown here is logged and does not stop the scanner.
 */
public interface ScanListener {
    /** One complete scan: framed, prefix and AIM id removed, decoded. May be personal data. */
    void onScan(String text);

    /** The connection state changed. */
    default void onStateChange(ScannerState state) {
    }
}
