package org.yibao.drivers.card.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CardReaderPort} on javax.smartcardio. Each operation establishes a fresh PC/SC
 * context, so a pcscd restart (Debian runs it with --auto-exit) or a reader unplugged and
 * plugged again costs nothing but one failed poll. Waits are sliced by the poll interval and
 * bounded by the caller's timeout.
 */
public final class PcscCardReader implements CardReaderPort {
    private static final Logger LOG = LoggerFactory.getLogger(PcscCardReader.class);

    private final CardReaderConfig config;
    private final Supplier<TerminalFactory> factories;
    private volatile boolean closed;

    /** A reader on the jnasmartcardio provider (survives pcscd restarts). */
    public PcscCardReader(CardReaderConfig config) {
        this(config, PcscProviders::jnaSmartcardio);
    }

    /** A reader on another javax.smartcardio provider, e.g. the JDK's own ("PC/SC"). */
    public PcscCardReader(CardReaderConfig config, Supplier<TerminalFactory> factories) {
        this.config = config;
        this.factories = factories;
    }

    @Override public List<String> readers() throws CardReaderException {
        ensureOpen();
        CardTerminals terminals = establish();
        try {
            return matching(terminals).stream().map(CardTerminal::getName).toList();
        } finally {
            PcscProviders.release(terminals);
        }
    }

    @Override public Set<String> holdingCards(Set<String> names) throws CardReaderException {
        ensureOpen();
        CardTerminals terminals = establish();
        try {
            Set<String> holding = new HashSet<>();
            for (CardTerminal reader : matching(terminals)) {
                if (names.contains(reader.getName()) && reader.isCardPresent()) {
                    holding.add(reader.getName());
                }
            }
            return holding;
        } catch (CardException e) {
            throw PcscFaults.map(e, CardFault.SERVICE_UNAVAILABLE, "asking the readers for their cards");
        } finally {
            PcscProviders.release(terminals);
        }
    }

    @Override public CardSession waitForCard(Duration timeout) throws CardReaderException {
        return waitForCard(timeout, Set.of());
    }

    @Override public CardSession waitForCard(Duration timeout, Set<String> passOver) throws CardReaderException {
        ensureOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        CardReaderException last = new CardReaderException(CardFault.NO_READER,
                "no reader matching /" + config.readerPattern() + "/");
        while (true) {
            try {
                CardSession session = pollOnce(remaining(deadline), passOver);
                if (session != null) {
                    return session;
                }
                last = new CardReaderException(CardFault.NO_CARD, "no card in /" + config.readerPattern()
                        + "/ within " + timeout.toMillis() + " ms");
            } catch (CardReaderException e) {
                if (e.fault() != CardFault.NO_READER && e.fault() != CardFault.SERVICE_UNAVAILABLE
                        && e.fault() != CardFault.READER_GONE && e.fault() != CardFault.CARD_REMOVED) {
                    throw e;
                }
                last = e;
                pause(Math.min(config.pollInterval().toNanos(), remaining(deadline)));
            }
            ensureOpen();
            if (remaining(deadline) <= 0) {
                throw last;
            }
        }
    }

    /** One slice: find a matching reader not passed over, wait up to a poll interval for a card, connect. */
    private CardSession pollOnce(long remainingNanos, Set<String> passOver) throws CardReaderException {
        CardTerminals terminals = establish();
        boolean handedOver = false;
        try {
            List<CardTerminal> matching = matching(terminals);
            if (matching.isEmpty()) {
                throw new CardReaderException(CardFault.NO_READER,
                        "no reader matching /" + config.readerPattern() + "/");
            }
            List<CardTerminal> readers = matching.stream().filter(r -> !passOver.contains(r.getName())).toList();
            long slice = Math.max(1, Math.min(config.pollInterval().toMillis(), remainingNanos / 1_000_000));
            if (readers.isEmpty()) { // every reader there holds a card already passed over: no card for this wait
                pause(TimeUnit.MILLISECONDS.toNanos(slice));
                return null;
            }
            CardTerminal withCard = firstWithCard(readers);
            if (withCard == null) {
                if (readers.getFirst().waitForCardPresent(slice)) {
                    withCard = firstWithCard(readers);
                }
                checkInterrupt();
            }
            if (withCard == null) {
                return null;
            }
            CardSession session = connect(terminals, withCard);
            handedOver = true;
            return session;
        } catch (CardException e) {
            throw PcscFaults.map(e, CardFault.SERVICE_UNAVAILABLE, "waiting for a card");
        } finally {
            if (!handedOver) {
                PcscProviders.release(terminals);
            }
        }
    }

    private CardSession connect(CardTerminals terminals, CardTerminal terminal) throws CardReaderException {
        try {
            Card card = terminal.connect("*");
            LOG.info("card connected in reader '{}' ({})", terminal.getName(), card.getProtocol());
            return new PcscCardSession(terminals, terminal, card, config);
        } catch (CardException e) {
            throw PcscFaults.map(e, CardFault.CARD_REMOVED, "connecting to the card in '" + terminal.getName() + "'");
        }
    }

    private static CardTerminal firstWithCard(List<CardTerminal> readers) throws CardException {
        for (CardTerminal reader : readers) {
            if (reader.isCardPresent()) {
                return reader;
            }
        }
        return null;
    }

    private List<CardTerminal> matching(CardTerminals terminals) throws CardReaderException {
        try {
            List<CardTerminal> found = new ArrayList<>();
            for (CardTerminal terminal : terminals.list()) {
                if (config.matches(terminal.getName())) {
                    found.add(terminal);
                }
            }
            return found;
        } catch (CardException e) {
            throw PcscFaults.map(e, CardFault.SERVICE_UNAVAILABLE, "listing readers");
        }
    }

    private CardTerminals establish() throws CardReaderException {
        try {
            return factories.get().terminals();
        } catch (RuntimeException e) {
            String name = PcscFaults.scardName(e);
            throw new CardReaderException(CardFault.SERVICE_UNAVAILABLE,
                    "cannot reach the PC/SC service (" + (name == null ? e.getMessage() : name) + ")", e);
        }
    }

    private void ensureOpen() throws CardReaderException {
        if (closed) {
            throw new CardReaderException(CardFault.CLOSED, "card reader is closed");
        }
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    private static void pause(long nanos) throws CardReaderException {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardReaderException(CardFault.INTERRUPTED, "interrupted while waiting for a card", e);
        }
    }

    private static void checkInterrupt() throws CardReaderException {
        if (Thread.currentThread().isInterrupted()) {
            throw new CardReaderException(CardFault.INTERRUPTED, "interrupted while waiting for a card");
        }
    }

    @Override public void close() {
        closed = true;
    }
}
