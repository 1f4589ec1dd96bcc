package org.yibao.terminal.flow.identify;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.yibao.drivers.scanner.ScanListener;
import org.yibao.drivers.scanner.ScannerState;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.identity.voucher.VoucherReason;

/**
 * Where the code scanner's reads wait for a 1101 that asks for one: attach it with
 * {@code scanner.open(inbox)}. Keeps only the latest few scans; a 1101 first drops what was
 * scanned before it started waiting, so an old QR is never used for a new person. Keeps the
 * scanner's connection state too, so a wait does not go on waiting for a QR that a scanner
 * unplugged (or never opened) cannot read; an inbox no scanner reported to counts as connected.
 */
public final class ScanInbox implements ScanListener {
    private static final int KEEP = 4;

    /** What a scan left in the inbox: its text, or why none could be kept (the refusal a wait answers at once). */
    public sealed interface Shown {
        /** A scan's text, decoded and framed. */
        record Text(String text) implements Shown {
        }

        /** Something was scanned, but no text of it could be kept: not a voucher, said at once rather than after the wait. */
        record Unreadable(Refusal refusal) implements Shown {
        }
    }

    private final LinkedBlockingDeque<Shown> scans = new LinkedBlockingDeque<>(KEEP);
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
        keep(new Shown.Text(text));
    }

    /** A scan that is not text in the scanner's charset: a code that is no voucher (1502). */
    @Override
    public void onUndecodable(int bytes) {
        keep(new Shown.Unreadable(new Refusal(VoucherReason.BAD_PREFIX, "扫码内容不是文本（请核对扫码器的编码设置）")));
    }

    /** A scan longer than the scanner's frame: a code too long for a voucher (1501). */
    @Override
    public void onTooLong(int bytes) {
        keep(new Shown.Unreadable(new Refusal(VoucherReason.TOO_LARGE, "扫码内容超出扫码器的接收上限")));
    }

    private void keep(Shown shown) {
        while (!scans.offerLast(shown)) scans.pollFirst();
    }

    /** Forgets every scan not yet taken. */
    public void clear() {
        scans.clear();
    }

    /**
     * Puts back, as the next to be taken, a scan taken by a wait that was superseded meanwhile:
     * it was shown for the newer wait (dropped when the inbox is full, being the oldest).
     */
    public void giveBack(Shown shown) {
        scans.offerFirst(shown);
    }

    /** The next scan, waiting up to {@code wait}; empty when none came (or interrupted, flag restored). */
    public Optional<Shown> take(Duration wait) {
        try {
            // in nanoseconds: a wait's last slice may be under a millisecond, which toMillis() made 0 (a spin)
            return Optional.ofNullable(scans.pollFirst(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
