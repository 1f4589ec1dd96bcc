package org.yibao.drivers.card.simulated;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;

/**
 * The simulated twin of the PC/SC reader: one reader slot driven by test stimuli
 * ({@link #insertCard}, {@link #removeCard}, {@link #unplug}, {@link #plug}). It fails with
 * the same {@link CardFault}s the real adapter does, and a session is bound to the card that
 * was inserted when it opened, so a removed-and-reinserted card still reads as removed.
 */
public final class SimulatedCardReader implements CardReaderPort {
    /** The name the simulated reader reports. */
    public static final String DEFAULT_NAME = "Simulated PCD 00 00";

    private final CardReaderConfig config;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean plugged = true;
    private boolean closed;
    private SimulatedCard card;
    private long insertion;

    public SimulatedCardReader(CardReaderConfig config) {
        this(config, DEFAULT_NAME);
    }

    public SimulatedCardReader(CardReaderConfig config, String name) {
        this.config = config;
        this.name = name;
    }

    /** Test stimulus: puts a card in the slot (replacing any card there). */
    public void insertCard(SimulatedCard newCard) {
        update(() -> {
            card = newCard;
            insertion++;
        });
    }

    /** Test stimulus: takes the card out; open sessions fail with CARD_REMOVED. */
    public void removeCard() {
        update(() -> {
            card = null;
            insertion++;
        });
    }

    /** Test stimulus: unplugs the reader (the card goes with it); sessions fail with READER_GONE. */
    public void unplug() {
        update(() -> {
            plugged = false;
            card = null;
            insertion++;
        });
    }

    /** Test stimulus: plugs the reader back in, empty. */
    public void plug() {
        update(() -> plugged = true);
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override public List<String> readers() throws CardReaderException {
        lock.lock();
        try {
            ensureOpen();
            return plugged && config.matches(name) ? List.of(name) : List.of();
        } finally {
            lock.unlock();
        }
    }

    @Override public Set<String> holdingCards(Set<String> names) throws CardReaderException {
        lock.lock();
        try {
            ensureOpen();
            return plugged && card != null && names.contains(name) ? Set.of(name) : Set.of();
        } finally {
            lock.unlock();
        }
    }

    @Override public CardSession waitForCard(Duration timeout) throws CardReaderException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                ensureOpen();
                boolean ours = plugged && config.matches(name);
                if (ours && card != null) {
                    return new SimulatedCardSession(this, name, card, insertion);
                }
                if (nanos <= 0) {
                    throw ours ? new CardReaderException(CardFault.NO_CARD, "no card in '" + name + "' within "
                            + timeout.toMillis() + " ms")
                            : new CardReaderException(CardFault.NO_READER, "no reader matching /"
                            + config.readerPattern() + "/");
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardReaderException(CardFault.INTERRUPTED, "interrupted while waiting for a card", e);
        } finally {
            lock.unlock();
        }
    }

    /** The fault for a session opened at {@code generation}, or null while its card is still in. */
    CardFault faultFor(long generation) {
        lock.lock();
        try {
            if (closed) {
                return CardFault.CLOSED;
            }
            if (!plugged) {
                return CardFault.READER_GONE;
            }
            return generation == insertion && card != null ? null : CardFault.CARD_REMOVED;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the session's card is gone, at most {@code timeout}. */
    boolean awaitGone(long generation, Duration timeout) throws CardReaderException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (faultFor(generation) == null) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardReaderException(CardFault.INTERRUPTED, "interrupted while waiting for card removal", e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws CardReaderException {
        if (closed) {
            throw new CardReaderException(CardFault.CLOSED, "card reader is closed");
        }
    }

    @Override public void close() {
        update(() -> closed = true);
    }
}
