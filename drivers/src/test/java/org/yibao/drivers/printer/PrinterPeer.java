package org.yibao.drivers.printer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The far end of a real link (socket, pty) speaking as printer firmware does: it answers the
 * real-time status requests DLE EOT n with the bytes set here and keeps every other byte.
 */
final class PrinterPeer {
    static final int READY = 0x12;
    private volatile int printerStatus = READY;
    private volatile int offlineCause = READY;
    private volatile int paperSensor = READY;
    private volatile boolean answer = true;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int queries;
    private int paperLastsFor = Integer.MAX_VALUE;

    /** Paper end: offline bit in DLE EOT 1, paper-end stop in DLE EOT 2, sensor in DLE EOT 4. */
    void paperOut() {
        printerStatus = READY | 0x08;
        offlineCause = READY | 0x20;
        paperSensor = READY | 0x60;
    }

    /** The roll ends in the middle of a receipt: paper end once {@code bytes} document bytes have arrived. */
    synchronized void paperRunsOutAfter(int bytes) {
        paperLastsFor = bytes;
    }

    /** Cover open: offline with the cover bit in DLE EOT 2. */
    void coverOpen() {
        printerStatus = READY | 0x08;
        offlineCause = READY | 0x04;
    }

    /** Stop answering status requests (a printer that only prints). */
    void mute() {
        answer = false;
    }

    synchronized byte[] received() {
        return received.toByteArray();
    }

    synchronized int queries() {
        return queries;
    }

    /** Serves one connection until its input ends. */
    void serve(InputStream in, OutputStream out) throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            if (b == 0x10) {
                int eot = in.read();
                int n = in.read();
                if (eot == 0x04) {
                    respond(out, n);
                    continue;
                }
                keep(b);
                if (eot >= 0) keep(eot);
                if (n >= 0) keep(n);
                continue;
            }
            keep(b);
        }
    }

    private void respond(OutputStream out, int n) throws IOException {
        synchronized (this) {
            queries++;
        }
        if (!answer) return;
        int reply = switch (n) {
            case 1 -> printerStatus;
            case 2 -> offlineCause;
            case 4 -> paperSensor;
            default -> READY;
        };
        out.write(reply);
        out.flush();
    }

    private synchronized void keep(int b) {
        received.write(b);
        if (received.size() == paperLastsFor) paperOut();
    }
}
