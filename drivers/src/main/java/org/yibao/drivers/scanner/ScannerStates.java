package org.yibao.drivers.scanner;

import java.util.Objects;

/**
 * The connection state of one scanner and the listener it reports to; shared by the serial
 * adapter and its simulated twin so both announce the same transitions.
 */
public final class ScannerStates {
    private final String source;
    private volatile ScannerState state = ScannerState.CLOSED;
    private volatile FrameDelivery delivery;

    public ScannerStates(String source) {
        this.source = source;
    }

    /** Binds the listener once; a second open is a programming error. */
    public synchronized void bind(ScanListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (delivery != null) {
            throw new IllegalStateException("scanner " + source + " is already open");
        }
        delivery = new FrameDelivery(source, listener);
    }

    public ScannerState get() {
        return state;
    }

    /** Records and announces a transition (nothing when unchanged). */
    public synchronized void set(ScannerState next) {
        if (state == next) {
            return;
        }
        state = next;
        if (delivery != null) {
            delivery.state(next);
        }
    }

    /** Where framed output goes. */
    public java.util.function.Consumer<Frame> delivery() {
        FrameDelivery current = delivery;
        return current == null ? frame -> { } : current;
    }
}
