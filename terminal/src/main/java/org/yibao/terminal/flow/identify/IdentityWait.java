package org.yibao.terminal.flow.identify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.identity.card.CardReadOutcome;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.CardReason;
import org.yibao.terminal.identity.card.CardSearch;
import org.yibao.terminal.identity.voucher.VoucherDecoder;
import org.yibao.terminal.identity.voucher.VoucherOutcome;

/**
 * Waits up to a bound for whichever arrives first: a card on the reader or a QR on the scanner.
 * The card reader is polled in short slices, the scanner's inbox between them; a card that
 * cannot be read, or a voucher that does not verify, ends the wait with its own 14xx/15xx
 * refusal, save a card that is no 社保卡 in one of several matching slots (a PSAM, which never
 * leaves): the 社保卡 may yet go into another, so the wait goes on, and its bound answers 1404.
 * While a scanner remains, a reader that is missing or whose service is down does not
 * end the wait, and is asked again every slice (plugged back in, pcscd restarted, it reads the
 * card then), though a bound that passes with the reader still away ends with its fault, not
 * with 1352 as if nothing had been shown; so is a scanner that is not connected (unplugged, or its port never opened) while
 * a reader remains. A wait left with neither ends at once as the device fault it is (14xx, or
 * 1378 for the scanner), not after its bound as if nothing had been shown; so does a scan too long
 * to be kept (1501) or not text (1502): something was shown, only no voucher. Scans made before the
 * wait was asked for are dropped, unless a wait was under way then.
 * One wait at a time, the newest: the terminal has one reader and one scanner, and a wait asked
 * for while another is under way is the counter's host asking again (its own timeout ran out, or
 * the cashier pressed again, or it lost the connection, which the HTTP server does not report),
 * so the older wait ends within a slice with 1357 and the newer one takes the devices, with what
 * was shown for the older one: a scan it took after the newer one was asked for is put back
 * untouched (verifying a voucher uses it up), a card stays in the reader. Waits never hold more
 * than one API thread for longer than a slice, and a host that went away no longer locks the
 * reader out for the rest of its bound. An interrupt ends a wait (1352), so the terminal's
 * shutdown does not leave one polling for the rest of its bound. {@link #cancel()} (the kiosk
 * button) ends the wait under way within a slice (1377), without verifying a QR it took meanwhile
 * (which would use the voucher up); later waits are not affected. A press or a newer wait also
 * ends a card read under way (a card that stopped answering would hold it for the reader's
 * transmit timeout): the thread asking the reader is interrupted, and its interrupt cleared after.
 */
public final class IdentityWait {
    private static final Duration SLICE = Duration.ofMillis(200);

    private final Optional<CardReadService> cards;
    private final Optional<ScanInbox> scans;
    private final Optional<VoucherDecoder> vouchers;
    private final Supplier<Instant> now;
    /** Held by the one wait under way. */
    private final ReentrantLock waiting = new ReentrantLock();
    /** The number of the newest wait asked for; an older wait sees it change and ends. */
    private final AtomicLong newest = new AtomicLong();
    /** Every wait numbered up to this one was cancelled (the button pressed while it ran or waited for the devices). */
    private final AtomicLong cancelledUpTo = new AtomicLong();
    /** The terminal is stopping: every wait ends now, and none begins. */
    private volatile boolean stopping;
    /** The thread of the wait asking the reader now, that wait's number, and whether it was told to stop (guarded by {@code this}). */
    private Thread asking;
    private long askingFor;
    private boolean stopAsking;

    public IdentityWait(Optional<CardReadService> cards, Optional<ScanInbox> scans, Optional<VoucherDecoder> vouchers,
                        Supplier<Instant> now) {
        this.cards = Objects.requireNonNull(cards, "cards");
        this.scans = Objects.requireNonNull(scans, "scans");
        this.vouchers = Objects.requireNonNull(vouchers, "vouchers");
        this.now = Objects.requireNonNull(now, "now");
    }

    /** The outcome of one wait: a presentation, or why there is none. */
    public sealed interface Result {
        record Got(Presented presented) implements Result {
        }

        record None(Refusal refusal) implements Result {
        }
    }

    /**
     * Ends the wait under way (and any asked for and not yet begun) with 1377: the person at the
     * kiosk pressed its button. Does nothing when no wait is under way; never blocks.
     */
    public void cancel() {
        stopAskingUpTo(cancelledUpTo.accumulateAndGet(newest.get(), Math::max));
    }

    /**
     * The terminal is stopping: the wait under way ends within a slice (1352, saying so), before the
     * HTTP server closes its connection, so the host gets an answer; later waits end at once.
     */
    public void stopAll() {
        stopping = true;
        cancel();
    }

    /**
     * Interrupts the reader's answer awaited by a wait numbered up to {@code number}: a card that
     * stopped answering holds an APDU exchange for the reader's transmit timeout (10 s), and the
     * press or the newer wait must not wait for it. Only while that wait asks the reader, so the
     * interrupt never reaches the API thread elsewhere.
     */
    private synchronized void stopAskingUpTo(long number) {
        if (asking != null && askingFor <= number && !stopAsking) {
            stopAsking = true;
            asking.interrupt();
        }
    }

    /** The reader's next card for wait {@code mine}, or empty when the wait was ended as it began to ask. */
    private Optional<CardReadOutcome> ask(CardSearch search, Duration slice, Supplier<LocalDate> today, long mine) {
        synchronized (this) {
            asking = Thread.currentThread();
            askingFor = mine;
        }
        try {
            if (newest.get() != mine || cancelledUpTo.get() >= mine) return Optional.empty(); // told before it asked
            return Optional.of(search.readNext(slice, today, Optional.empty()));
        } finally {
            synchronized (this) {
                asking = null;
                if (stopAsking) {
                    stopAsking = false;
                    Thread.interrupted(); // ours, not the terminal stopping: the thread goes back to the API clean
                }
            }
        }
    }

    /** As {@link #await(Duration, boolean, boolean, Supplier)}, every card judged on {@code today}. */
    public Result await(Duration wait, boolean cardAllowed, boolean scanAllowed, LocalDate today) {
        Objects.requireNonNull(today, "today");
        return await(wait, cardAllowed, scanAllowed, () -> today);
    }

    /**
     * Waits up to {@code wait} for a card (when {@code cardAllowed}) or a QR (when {@code scanAllowed}).
     * A card's 有效期 is judged on the day {@code today} gives as the reader is asked for it: a wait
     * begun before midnight and shown a card after it reads the card on the new day.
     */
    public Result await(Duration wait, boolean cardAllowed, boolean scanAllowed, Supplier<LocalDate> today) {
        boolean card = cardAllowed && cards.isPresent();
        boolean scan = scanAllowed && scans.isPresent();
        if (!card && !scan) return new Result.None(new Refusal(FlowReason.NO_DEVICE, "读卡器/扫码器"));
        if (stopping) return interrupted();
        if (scan && !card && !scans.get().connected()) return scannerOffline();
        // Older scans are not for this wait, unless a wait is under way: then the host is asking again for
        // the same person, and what the older wait gives back once 'newest' moves is this one's.
        if (!waiting.isLocked()) scans.ifPresent(ScanInbox::clear);
        long mine = newest.incrementAndGet();
        stopAskingUpTo(mine - 1); // an older wait held in the reader's answer lets go now, not after its timeout
        try {
            // The older wait sees 'newest' move and lets go within a slice; one that was still on its way here
            // when a newer one took the devices must not wait behind it for the newer one's whole bound.
            while (!waiting.tryLock(SLICE.toNanos(), TimeUnit.NANOSECONDS)) {
                if (newest.get() != mine) return superseded();
                if (cancelledUpTo.get() >= mine) return cancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return interrupted();
        }
        try {
            return awaitAlone(wait, card, scan, today, mine);
        } finally {
            waiting.unlock();
        }
    }

    private Result awaitAlone(Duration wait, boolean card, boolean scan, Supplier<LocalDate> today, long mine) {
        long deadline = System.nanoTime() + wait.toNanos();
        Optional<Refusal> readerDown = Optional.empty(); // the reader's fault at its latest slice
        // a card that is no 社保卡 in one of several slots at the latest slice (a PSAM): the 社保卡 may yet go into another
        Optional<Refusal> standing = Optional.empty();
        Optional<CardSearch> search = card ? Optional.of(cards.get().search()) : Optional.empty(); // a PSAM is read once a wait
        while (true) {
            if (newest.get() != mine) return superseded(); // a newer one was asked for, also while this waited for the devices
            if (cancelledUpTo.get() >= mine) return cancelled();
            long left = deadline - System.nanoTime();
            if (left <= 0) return timedOut(wait, readerDown, standing);
            if (Thread.currentThread().isInterrupted()) return interrupted();
            Duration slice = Duration.ofNanos(Math.min(left, SLICE.toNanos()));
            if (card) {
                Optional<CardReadOutcome> asked = ask(search.get(), slice, today, mine);
                if (asked.isEmpty()) continue;
                switch (asked.get()) {
                    case CardReadOutcome.Read r -> {
                        if (newest.get() != mine) return superseded();
                        return cancelledUpTo.get() >= mine ? cancelled() : new Result.Got(new Presented.Card(r.identity()));
                    }
                    // with a card passed over in one of several slots (CardSearch), asked again next slice, not the end
                    case CardReadOutcome.Refused r when r.refusal().reason() == CardReason.NO_CARD -> {
                        readerDown = Optional.empty();
                        standing = search.get().standing();
                    }
                    case CardReadOutcome.Refused r -> {
                        if (newest.get() != mine) return superseded(); // stopped in the middle of a read, not a reader fault
                        if (cancelledUpTo.get() >= mine) return cancelled();
                        if (Thread.currentThread().isInterrupted()) return interrupted(); // not a reader fault
                        if (!readerAbsent(r.refusal())) return new Result.None(r.refusal());
                        readerDown = Optional.of(r.refusal()); // asked again next slice: plugged back, its service restarted
                    }
                }
            }
            boolean scannerUp = false;
            if (scan) {
                // the reader's slice was its wait for a card; an absent reader answered at once, so the scanner gets the slice
                Optional<ScanInbox.Shown> shown = scans.get().take(card && readerDown.isEmpty() ? Duration.ZERO : slice);
                if (shown.isPresent()) return scanned(shown.get(), mine);
                scannerUp = scans.get().connected(); // what it delivered before going away was taken first
            }
            if (!scannerUp && (!card || readerDown.isPresent())) { // nothing left that could be shown anything
                return readerDown.<Result>map(Result.None::new).orElseGet(IdentityWait::scannerOffline);
            }
        }
    }

    /**
     * The bound passed with nothing shown: 1352, unless the reader was away at the last slice.
     * Then its fault (1401, 1410, 1412) is the answer, for staff: a person who was told to insert
     * the card again into a reader the terminal cannot see would go on doing so. A card that is no
     * 社保卡 standing in one of several slots at the last slice is refused for what it is (1404).
     */
    private static Result timedOut(Duration wait, Optional<Refusal> readerDown, Optional<Refusal> standing) {
        String waited = "等待 " + wait.toSeconds() + " 秒";
        return new Result.None(readerDown.map(down -> new Refusal(down.reason(), waited + "，读卡器不可用，也未扫码"))
                .or(() -> standing.map(card -> new Refusal(card.reason(), waited)))
                .orElseGet(() -> new Refusal(FlowReason.NOTHING_PRESENTED, waited)));
    }

    /** A scan this wait took: verified, unless a newer wait was asked for meanwhile (whose it is then) or the wait was cancelled. */
    private Result scanned(ScanInbox.Shown shown, long mine) {
        if (newest.get() != mine) {
            scans.orElseThrow().giveBack(shown);
            return superseded();
        }
        return cancelledUpTo.get() >= mine ? cancelled() : voucher(shown);
    }

    /**
     * The button was pressed: the person gave up; a QR scanned meanwhile is dropped unverified, still
     * usable. Or the terminal is stopping, which ends the wait as an interrupt does.
     */
    private Result cancelled() {
        return stopping ? interrupted() : new Result.None(new Refusal(FlowReason.WAIT_CANCELLED, ""));
    }

    /** The scanner is unplugged or never opened, and no reader is left to wait on: a fault for staff. */
    private static Result scannerOffline() {
        return new Result.None(new Refusal(FlowReason.SCANNER_OFFLINE, ""));
    }

    /** A newer wait was asked for: it gets the devices, this one ends. */
    private static Result superseded() {
        return new Result.None(new Refusal(FlowReason.WAIT_SUPERSEDED, ""));
    }

    /** The wait's thread was interrupted (the API's pool stopping with the terminal): it ends now, the flag kept. */
    private static Result interrupted() {
        return new Result.None(new Refusal(FlowReason.NOTHING_PRESENTED, "等待已中断（终端正在停止）"));
    }

    private static boolean readerAbsent(Refusal refusal) {
        return refusal.reason() == CardReason.NO_READER || refusal.reason() == CardReason.READER_SERVICE_UNAVAILABLE
                || refusal.reason() == CardReason.READER_GONE;
    }

    private Result voucher(ScanInbox.Shown shown) {
        return switch (shown) {
            case ScanInbox.Shown.Unreadable(Refusal refusal) -> new Result.None(refusal);
            case ScanInbox.Shown.Text(String text) -> voucher(text);
        };
    }

    private Result voucher(String text) {
        return switch (vouchers.orElseThrow().decode(text, now.get())) {
            case VoucherOutcome.Accepted a -> new Result.Got(new Presented.Voucher(a.voucher()));
            case VoucherOutcome.Refused r -> new Result.None(r.refusal());
        };
    }
}
