package org.yibao.drivers.scanner;

/**
 * Receives what a {@link CodeScannerPort} reads. Called on the adapter's own thread, one call
 * at a time; an exception thrown here is logged and does not stop the scanner.
 */
public interface ScanListener {
    /** One complete scan: framed, prefix and AIM id removed, decoded. May be personal data. */
    void onScan(String text);

    /**
     * A scan whose bytes are not text in the configured charset ({@code bytes} long; a code
     * printed in GBK read by a scanner set to UTF-8, say): something was scanned, though no text
     * can be given. Line noise and empty frames are not reported.
     */
    default void onUndecodable(int bytes) {
    }

    /**
     * A scan longer than the configured frame ({@code bytes} long, at least): something was
     * scanned (a code of another kind: no voucher is that long), though it was not kept. Line
     * noise cannot make such a run, since about one random byte in 85 ends a frame.
     */
    default void onTooLong(int bytes) {
    }

    /**
     * Bytes dropped because no terminator came within the frame gap ({@code bytes} long): half a
     * code (the phone moved away), a burst of noise, or, when it happens at every scan, a scanner
     * set to send no CR / LF suffix. Reported once the next bytes arrive. Not a scan: a wait for a
     * QR goes on; a technician's tool can say what to check.
     */
    default void onUnterminated(int bytes) {
    }

    /** The connection state changed. */
    default void onStateChange(ScannerState state) {
    }
}
