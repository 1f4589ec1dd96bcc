package org.yibao.drivers.scanner;

/**
 * The code scanner (QR / barcode) as the rest of the terminal sees it: a stream of scanned
 * texts to a {@link ScanListener}, with open/close and a connection state. Implementations:
 * serial ({@code "serial"}, jSerialComm) and a simulated twin ({@code "simulated"}), both made
 * by {@link CodeScanners}. After an unplug the adapter reconnects by itself until closed.
 */
public interface CodeScannerPort extends AutoCloseable {
    /**
     * Starts delivering scans to {@code listener}. Returns at once; if the device is absent the
     * state is CONNECTING and the adapter keeps trying. Opening twice is a bug.
     */
    void open(ScanListener listener);

    /** The current connection state. */
    ScannerState state();

    /** Stops delivery and releases the device; no reconnect afterwards. Never throws. */
    @Override void close();
}
