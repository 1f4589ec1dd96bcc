package org.yibao.drivers.scanner.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.yibao.drivers.scanner.CodeScannerPort;
import org.yibao.drivers.scanner.ScanFramer;
import org.yibao.drivers.scanner.ScanListener;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.ScannerState;
import org.yibao.drivers.scanner.ScannerStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CodeScannerPort} on a serial port through jSerialComm. On open (and every reopen)
 * stale bytes are flushed; on LISTENING_EVENT_PORT_DISCONNECTED (an unplug) the port is closed
 * and reopened on a private scheduler with capped exponential backoff and jitter until it
 * comes back or the scanner is closed. All port handling runs on that scheduler thread;
 * jSerialComm's event thread only reads bytes into the framer.
 */
public final class SerialCodeScanner implements CodeScannerPort {
    private static final Logger LOG = LoggerFactory.getLogger(SerialCodeScanner.class);

    private final ScannerConfig config;
    private final ScanFramer framer;
    private final ScannerStates states;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final byte[] chunk = new byte[1024];
    private SerialPort port;
    private volatile boolean closed;

    public SerialCodeScanner(ScannerConfig config) {
        this.config = config;
        this.framer = config.newFramer();
        this.states = new ScannerStates(config.portPath());
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scanner " + config.portPath());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public void open(ScanListener listener) {
        states.bind(listener);
        states.set(ScannerState.CONNECTING);
        scheduler.execute(this::connect);
    }

    @Override public ScannerState state() {
        return states.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        SerialPort candidate = tryOpen();
        if (candidate == null) {
            Duration delay = backoff.next();
            LOG.debug("scanner {}: not available, retrying in {} ms", config.portPath(), delay.toMillis());
            scheduler.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        port = candidate;
        backoff.reset();
        synchronized (framer) {
            framer.reset();
        }
        candidate.addDataListener(new Events(candidate));
        states.set(ScannerState.CONNECTED);
    }

    private SerialPort tryOpen() {
        try {
            SerialPort candidate = SerialPort.getCommPort(config.portPath());
            candidate.setComPortParameters(config.baudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            candidate.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING, 0, 0);
            candidate.openPort();
            if (!candidate.isOpen()) {
                return null;
            }
            candidate.flushIOBuffers();
            return candidate;
        } catch (RuntimeException e) {
            LOG.debug("scanner {}: open failed: {}", config.portPath(), e.toString());
            return null;
        }
    }

    /** Runs on the scheduler: the device went away, close it and start reopening. */
    private void disconnected(SerialPort gone) {
        if (gone != port) {
            return;
        }
        release();
        if (!closed) {
            states.set(ScannerState.DISCONNECTED);
            scheduler.schedule(this::connect, backoff.next().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void release() {
        SerialPort current = port;
        port = null;
        if (current != null) {
            current.removeDataListener();
            current.closePort();
        }
    }

    /** Runs on jSerialComm's event thread (one per port), the only user of {@link #chunk}. */
    private void read(SerialPort source) {
        while (source.isOpen()) {
            int available = source.bytesAvailable();
            if (available <= 0) {
                return;
            }
            int read = source.readBytes(chunk, Math.min(available, chunk.length));
            if (read <= 0) {
                return;
            }
            long now = System.nanoTime();
            synchronized (framer) {
                framer.feed(chunk, 0, read, now, states.delivery());
            }
        }
    }

    @Override public void close() {
        closed = true;
        try {
            scheduler.submit(this::release).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("scanner {}: release on close: {}", config.portPath(), e.toString());
        }
        scheduler.shutdownNow();
        states.set(ScannerState.CLOSED);
    }

    /** jSerialComm callbacks for one opened port. */
    private final class Events implements SerialPortDataListener {
        private final SerialPort source;

        Events(SerialPort source) {
            this.source = source;
        }

        @Override public int getListeningEvents() {
            return SerialPort.LISTENING_EVENT_DATA_AVAILABLE | SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
        }

        @Override public void serialEvent(SerialPortEvent event) {
            if ((event.getEventType() & SerialPort.LISTENING_EVENT_DATA_AVAILABLE) != 0) {
                read(source);
            }
            if ((event.getEventType() & SerialPort.LISTENING_EVENT_PORT_DISCONNECTED) != 0 && !closed) {
                scheduler.execute(() -> disconnected(source));
            }
        }
    }
}
