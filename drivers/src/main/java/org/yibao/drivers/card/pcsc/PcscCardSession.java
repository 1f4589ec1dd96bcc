package org.yibao.drivers.card.pcsc;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardResponse;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.ResponseChaining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected card. Each raw exchange runs on the session's own daemon thread and is
 * awaited for at most the configured transmit timeout, so a card or reader that hangs never
 * holds the caller; after a timeout the session is broken and only {@link #close()} remains.
 */
final class PcscCardSession implements CardSession {
    private static final Logger LOG = LoggerFactory.getLogger(PcscCardSession.class);

    private static final Duration REMOVAL_GRACE = Duration.ofSeconds(2);

    private final CardTerminals terminals;
    private final CardTerminal terminal;
    private final Card card;
    private final Duration transmitTimeout;
    private final Duration pollInterval;
    private final ExecutorService io;
    private volatile boolean broken;

    PcscCardSession(CardTerminals terminals, CardTerminal terminal, Card card, CardReaderConfig config) {
        this.terminals = terminals;
        this.terminal = terminal;
        this.card = card;
        this.transmitTimeout = config.transmitTimeout();
        this.pollInterval = config.pollInterval();
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pcsc-io " + terminal.getName());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public String readerName() {
        return terminal.getName();
    }

    @Override public byte[] atr() {
        return card.getATR().getBytes();
    }

    @Override public CardResponse transmit(byte[] command) throws CardReaderException {
        if (broken) {
            throw new CardReaderException(CardFault.CLOSED, "session on '" + readerName() + "' is closed or broken");
        }
        return ResponseChaining.transmit(this::exchange, command);
    }

    private byte[] exchange(byte[] command) throws CardReaderException {
        Future<byte[]> pending = io.submit(() -> card.getBasicChannel().transmit(new CommandAPDU(command)).getBytes());
        try {
            byte[] answer = pending.get(transmitTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (answer.length < 2) {
                throw failure(new CardException("answer of " + answer.length + " bytes, no status word"));
            }
            return answer;
        } catch (TimeoutException e) {
            broken = true;
            pending.cancel(true);
            throw new CardReaderException(CardFault.TIMEOUT, "card in '" + readerName() + "' did not answer within "
                    + transmitTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = true;
            throw new CardReaderException(CardFault.INTERRUPTED, "interrupted during an APDU exchange", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * What a failed exchange means. The service or reader going away is told as such; anything
     * else with the card no longer present is CARD_REMOVED (jnasmartcardio may even fail with an
     * IllegalArgumentException on the empty answer a vanished card leaves).
     */
    private CardReaderException failure(Throwable cause) {
        CardReaderException mapped = cause instanceof CardException ce
                ? PcscFaults.map(ce, CardFault.PROTOCOL_ERROR, "APDU exchange in '" + readerName() + "'")
                : new CardReaderException(CardFault.PROTOCOL_ERROR, "APDU exchange failed: " + cause, cause);
        if (mapped.fault() == CardFault.SERVICE_UNAVAILABLE || mapped.fault() == CardFault.READER_GONE) {
            return mapped;
        }
        return cardStaysPresent() ? mapped
                : new CardReaderException(CardFault.CARD_REMOVED, "card left '" + readerName() + "' during the exchange", cause);
    }

    /**
     * Whether the card is still there a little after a failed exchange: pcscd notices a pulled
     * card only at its next presence poll, so a failure is checked for up to 2 s.
     */
    private boolean cardStaysPresent() {
        try {
            return !awaitRemoval(REMOVAL_GRACE.compareTo(transmitTimeout) < 0 ? REMOVAL_GRACE : transmitTimeout);
        } catch (CardReaderException interrupted) {
            return isCardPresent();
        }
    }

    @Override public boolean isCardPresent() {
        try {
            return terminal.isCardPresent();
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }

    @Override public boolean awaitRemoval(Duration timeout) throws CardReaderException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isCardPresent()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, pollInterval.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardReaderException(CardFault.INTERRUPTED, "interrupted while waiting for card removal", e);
            }
        }
        return true;
    }

    /**
     * Releases the card. The disconnect runs on its own daemon thread, awaited at most the
     * transmit timeout, because after a hung exchange the provider may block on the reader.
     */
    @Override public void close() {
        broken = true;
        io.shutdownNow();
        Thread release = Thread.ofPlatform().daemon().name("pcsc-release").start(this::release);
        try {
            release.join(transmitTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release() {
        try {
            card.disconnect(false);
        } catch (CardException | RuntimeException e) {
            LOG.debug("disconnect from '{}' failed (card or service already gone): {}", readerName(), e.toString());
        }
        PcscProviders.release(terminals);
    }
}
