package org.yibao.drivers.scanner.simulated;

import org.yibao.drivers.scanner.CodeScannerPort;
import org.yibao.drivers.scanner.ScanFramer;
import org.yibao.drivers.scanner.ScanListener;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.ScannerState;
import org.yibao.drivers.scanner.ScannerStates;

/**
 * The simulated twin of the serial scanner. Stimuli go through the same {@link ScanFramer}
 * and state transitions as the real adapter: {@link #scan(String)} sends the text the way a
 * scanner would (configured prefix, charset, CR suffix), {@link #sendRaw(byte[])} sends any
 * bytes, {@link #unplug()} and {@link #plug()} drive DISCONNECTED and CONNECTED. Delivery is
 * synchronous on the caller's thread, so tests need no waiting.
 */
public final class SimulatedCodeScanner implements CodeScannerPort {
    private final ScannerConfig config;
    private final ScanFramer framer;
    private final ScannerStates states;
    private boolean plugged = true;

    public SimulatedCodeScanner(ScannerConfig config) {
        this.config = config;
        this.framer = config.newFramer();
        this.states = new ScannerStates("simulated");
    }

    @Override public synchronized void open(ScanListener listener) {
        states.bind(listener);
        states.set(plugged ? ScannerState.CONNECTED : ScannerState.CONNECTING);
    }

    @Override public ScannerState state() {
        return states.get();
    }

    /** Test stimulus: a scan as the device sends it (prefix + text in the configured charset + CR). */
    public void scan(String text) {
        byte[] body = (config.prefix() + text).getBytes(config.charset());
        byte[] framed = new byte[body.length + 1];
        System.arraycopy(body, 0, framed, 0, body.length);
        framed[body.length] = '\r';
        sendRaw(framed);
    }

    /** Test stimulus: raw bytes on the line; dropped (like on a real line) unless connected. */
    public synchronized void sendRaw(byte[] bytes) {
        if (states.get() == ScannerState.CONNECTED) {
            framer.feed(bytes, 0, bytes.length, System.nanoTime(), states.delivery());
        }
    }

    /** Test stimulus: the device goes away; a partial frame is lost. */
    public synchronized void unplug() {
        plugged = false;
        framer.reset();
        if (states.get() != ScannerState.CLOSED) {
            states.set(ScannerState.DISCONNECTED);
        }
    }

    /** Test stimulus: the device comes back and is reopened at once. */
    public synchronized void plug() {
        plugged = true;
        if (states.get() != ScannerState.CLOSED) {
            states.set(ScannerState.CONNECTED);
        }
    }

    @Override public synchronized void close() {
        states.set(ScannerState.CLOSED);
    }
}
