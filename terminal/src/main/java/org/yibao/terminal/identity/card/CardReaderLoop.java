package org.yibao.terminal.identity.card;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.terminal.domain.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader loop of a counter or kiosk: wait for a card, read it, hand the outcome to the
 * listener, wait until that card is taken out, and again, until closed. Every card outcome
 * (read or refused) is delivered once per insertion; a device problem (no reader, pcscd down)
 * is delivered once when it starts, not on every poll. Nothing a card or device does ends the
 * loop, and a listener that throws is logged and ignored.
 */
public final class CardReaderLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CardReaderLoop.class);

    private final CardReaderPort port;
    private final SocialSecurityCardReader reader;
    private final Clock clock;
    private final Consumer<CardReadOutcome> listener;
    private final Duration slice;
    private volatile boolean running;
    private Thread thread;
    private CardReason deviceProblem;

    /**
     * @param clock    gives the date each card's expiry is checked against
     * @param slice    the longest single wait; the loop re-checks {@link #close()} this often
     */
    public CardReaderLoop(CardReaderPort port, SocialSecurityCardReader reader, Clock clock,
                          Consumer<CardReadOutcome> listener, Duration slice) {
        this.port = Objects.requireNonNull(port, "port");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.slice = Objects.requireNonNull(slice, "slice");
    }

    /** Starts the loop on its own daemon thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("card reader loop already started");
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("card-reader-loop").start(this::run);
    }

    private void run() {
        while (running) {
            turn();
        }
        LOG.info("card reader loop stopped");
    }

    private void turn() {
        long started = System.nanoTime();
        try (CardSession session = port.waitForCard(slice)) {
            deviceProblem = null;
            publish(reader.read(session, LocalDate.now(clock), Optional.empty()));
            while (running && !session.awaitRemoval(slice)) {
                LOG.trace("card still in the reader");
            }
        } catch (CardReaderException e) {
            failed(e.fault());
            restOfSlice(started);
        }
    }

    private void failed(CardFault fault) {
        switch (fault) {
            case NO_CARD -> deviceProblem = null;
            case INTERRUPTED, CLOSED -> running = false;
            default -> {
                CardReason reason = CardFaults.reason(fault);
                if (reason != deviceProblem) {
                    deviceProblem = reason;
                    publish(new CardReadOutcome.Refused(new Refusal(reason, "")));
                }
            }
        }
    }

    /** After a wait that failed early, sleeps the rest of the slice so a fast failure cannot spin. */
    private void restOfSlice(long started) {
        long left = slice.toNanos() - (System.nanoTime() - started);
        if (running && left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void publish(CardReadOutcome outcome) {
        try {
            listener.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("card outcome listener failed", e);
        }
    }

    /** Stops the loop and waits (bounded) for its thread; the reader port stays open. */
    @Override public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(slice.multipliedBy(4).plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
