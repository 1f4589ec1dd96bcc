package org.yibao.terminal.flow.identify;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.yibao.drivers.scanner.ScanListener;
import org.yibao.drivers.scanner.ScannerState;

/**
 * Where the code scanner's reads wait for a 1101 that asks for one: attach it with
 * {@code scanner.open(inbox)}. Keeps only the latest few scans; a 1101 first drops what was
 * scanned before it started waiting, so an old QR is never used for a new person. Keeps the
 * scanner's connection state too, so a wait does not go on waiting for a QR that a scanner
 * unplugged (or never opened) cannot read; an inbox no scanner reported to counts as connected.
 */
public final class ScanInbox implements ScanListener {
    private static final int KEEP = 4;
    /** What an undecodable scan is kept as: U+FFFD, the character that stands for text that could not be decoded. */
    static final String UNDECODABLE = "\uFFFD";
    /**
     * What a scan longer than the scanner's frame is kept as: two replacement characters, which no
     * decoded scan can hold (the framer drops a frame with one), so the wait tells it apart.
     */
    static final String TOO_LONG = "\uFFFD\uFFFD";
    private final LinkedBlockingDeque<String> scans = new LinkedBlockingDeque<>(KEEP);
    /** The scanner's latest state; null while none was reported (an inbox fed directly, as in tests). */
    private volatile ScannerState state;

    @Override
    public void onStateChange(ScannerState state) {
        this.state = state;
    }

    /** Whether the scanner can deliver a scan now: connected, or never reported a state. */
    public boolean connected() {
        ScannerState now = state;
        return now == null || now == ScannerState.CONNECTED;
    }

    @Override
    public void onScan(String text) {
        while (!scans.offerLast(text)) scans.pollFirst();
    }

    /**
     * A scan that is not text in the scanner's charset is kept as one replacement character: a
     * wait takes it as a code that is no voucher (1502, at once), not as nothing shown.
     */
    @Override
    public void onUndecodable(int bytes) {
        onScan(UNDECODABLE);
    }

    /**
     * A scan too long to be kept is kept as {@link #TOO_LONG}: a wait takes it as a code too long
     * for a voucher (1501, at once), not as nothing shown.
     */
    @Override
    public void onTooLong(int bytes) {
        onScan(TOO_LONG);
    }

    /** Forgets every scan not yet taken. */
    public void clear() {
        scans.clear();
    }

    /**
     * Puts back, as the next to be taken, a scan taken by a wait that was superseded meanwhile:
     * it was shown for the newer wait (dropped when the inbox is full, being the oldest).
     */
    public void giveBack(String text) {
        scans.offerFirst(text);
    }

    /** The next scan, waiting up to {@code wait}; empty when none came (or interrupted, flag restored). */
    public Optional<String> take(Duration wait) {
        try {
            // in nanoseconds: a wait's last slice may be under a millisecond, which toMillis() made 0 (a spin)
            return Optional.ofNullable(scans.pollFirst(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
