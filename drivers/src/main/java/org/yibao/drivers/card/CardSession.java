package org.yibao.drivers.card;

import java.time.Duration;

/**
 * A connection to one inserted card. Transmits complete APDUs: 61xx (more data) and 6Cxx
 * (wrong Le) are already resolved by {@link ResponseChaining}, whichever provider is used.
 * Every call returns within its timeout. Closing releases the card and the reader. One thread
 * at a time: a session is one conversation with one card.
 */
public interface CardSession extends AutoCloseable {
    /** The name of the reader that holds the card. */
    String readerName();

    /** The card's answer to reset. */
    byte[] atr();

    /** Sends one command APDU and returns the final response. */
    CardResponse transmit(byte[] command) throws CardReaderException;

    /** Whether the card is still in the reader (false once removed or the reader is gone). */
    boolean isCardPresent();

    /**
     * Waits until the card is taken out, at most {@code timeout}.
     *
     * @return true when the card is gone, false when the timeout passed with the card still in
     */
    boolean awaitRemoval(Duration timeout) throws CardReaderException;

    /** Releases the card; never throws. */
    @Override void close();
}
