package org.yibao.drivers.testrig;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.yibao.drivers.scanner.ScanListener;
import org.yibao.drivers.scanner.ScannerState;

/** Collects scans and state changes from a scanner for assertions. */
public final class RecordingListener implements ScanListener {
    private final BlockingQueue<String> scans = new LinkedBlockingQueue<>();
    private final BlockingQueue<ScannerState> states = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> tooLong = new LinkedBlockingQueue<>();

    @Override public void onScan(String text) {
        scans.add(text);
    }

    @Override public void onTooLong(int bytes) {
        tooLong.add(bytes);
    }

    /** The length of the next scan reported too long, or null if none is within 10 s. */
    public Integer nextTooLong() throws InterruptedException {
        return tooLong.poll(10, TimeUnit.SECONDS);
    }

    @Override public void onStateChange(ScannerState state) {
        states.add(state);
    }

    /** The next scan, or null if none arrives within 10 s (a bound, not a timing assertion). */
    public String nextScan() throws InterruptedException {
        return scans.poll(10, TimeUnit.SECONDS);
    }

    /** Scans already delivered and not yet taken. */
    public int pendingScans() {
        return scans.size();
    }

    /** Waits (at most 15 s) until {@code wanted} is announced; false if it never is. */
    public boolean awaitState(ScannerState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            ScannerState next = states.poll(left, TimeUnit.NANOSECONDS);
            if (next == wanted) {
                return true;
            }
        }
        return false;
    }
}
