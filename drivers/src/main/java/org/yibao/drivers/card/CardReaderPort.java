package org.yibao.drivers.card;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The card reader as the rest of the terminal sees it: readers matching the configured name
 * pattern, a bounded wait for a card, and a {@link CardSession} on it. Implementations: PC/SC
 * ({@code "pcsc"}) and a simulated twin ({@code "simulated"}), both made by {@link CardReaders}.
 * No call blocks longer than its timeout; an interrupted wait restores the interrupt flag and
 * fails with {@link CardFault#INTERRUPTED}.
 */
public interface CardReaderPort extends AutoCloseable {
    /** Names of the attached readers that match the configured pattern (maybe empty). */
    List<String> readers() throws CardReaderException;

    /**
     * Waits for a card in any matching reader and connects to it.
     *
     * @throws CardReaderException NO_READER when no matching reader appeared, NO_CARD when
     *     readers were there but no card, SERVICE_UNAVAILABLE when the PC/SC service could
     *     not be reached for the whole wait
     */
    CardSession waitForCard(Duration timeout) throws CardReaderException;

    /**
     * As {@link #waitForCard(Duration)}, leaving aside the readers named in {@code passOver}: the
     * card there was read and is not the one wanted (a bank card on the contactless pad, the
     * reader's PSAM slot), and may hide the one that is, in another reader or slot. With all the
     * matching readers passed over it is NO_CARD. A port with a single reader may ignore
     * {@code passOver} (this default does): its caller then gets the same reader again.
     */
    default CardSession waitForCard(Duration timeout, Set<String> passOver) throws CardReaderException {
        return waitForCard(timeout);
    }

    /**
     * Which of the readers named hold a card now (a reader gone holds none). A caller that passed
     * a reader's card over asks this to learn when that card left (the person takes the bank card
     * off the pad and lays the 社保卡 there), so it need not read the card again at every look.
     * This default answers none, as a port that cannot tell: its caller then reads such a card
     * again at every look, which costs time but never misses the card put in its place.
     */
    default Set<String> holdingCards(Set<String> names) throws CardReaderException {
        return Set.of();
    }

    /** Releases every resource; later calls fail with {@link CardFault#CLOSED}. Never throws. */
    @Override void close();
}
