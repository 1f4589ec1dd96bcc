package org.yibao.drivers.scanner;

/** Connection state of a code scanner. */
public enum ScannerState {
    /** Not opened yet, or closed by its owner (no reconnect after a deliberate close). */
    CLOSED,
    /** Opened and waiting for the device to appear (first attempt or after an unplug). */
    CONNECTING,
    /** The device is open and scans are delivered. */
    CONNECTED,
    /** The device went away; the adapter is reopening it with backoff. */
    DISCONNECTED
}
