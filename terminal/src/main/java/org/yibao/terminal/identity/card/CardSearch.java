package org.yibao.terminal.identity.card;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.terminal.domain.Refusal;

/**
 * One wait's search for a 社保卡 over the readers and slots that match, across as many looks as
 * the wait takes (a 1101's wait looks once a slice). A card that is no 社保卡 (the PSAM, which
 * never leaves; a bank card left on the contactless pad) is read once and then passed over while
 * it stays: it may hide nothing, since the 社保卡 may go into another slot, and reading it at every
 * look would cost a connect, its APDUs and a log line five times a second. Once it leaves, its
 * slot is looked at again (the person takes the bank card off the pad and lays the 社保卡 there).
 * With one slot only, a card that is no 社保卡 is refused at once (1404): it must come out before
 * another can go in. Not thread-safe: one wait, one thread.
 */
public final class CardSearch {
    /** How long one look waits at most while a card is passed over, so its leaving is seen within it. */
    private static final Duration LOOK = Duration.ofMillis(200);

    private final CardReaderPort port;
    private final SocialSecurityCardReader reader;
    /** The readers passed over, each with its card's refusal (1404), in the order they were read. */
    private final Map<String, Refusal> passedOver = new LinkedHashMap<>();

    CardSearch(CardReaderPort port, SocialSecurityCardReader reader) {
        this.port = port;
        this.reader = reader;
    }

    /**
     * Waits up to {@code wait} for a card in a slot not passed over and reads it as of the day
     * {@code today} gives once the card is there. A card that is no 社保卡 among several slots is
     * passed over and the look goes on; the answer is then NO_CARD (1402) at the end of the wait,
     * with the card passed over in {@link #standing()}.
     */
    public CardReadOutcome readNext(Duration wait, Supplier<LocalDate> today, Optional<String> pin) {
        long deadline = System.nanoTime() + wait.toNanos();
        // whether a look ran its length since the port was last asked which cards left (so is the one a slice ago):
        // not right after a card was passed over, so a port that cannot tell never has it read again in a spin
        boolean looked = true;
        while (true) {
            try {
                if (looked) forgetCardsTaken();
                long left = Math.max(0, deadline - System.nanoTime());
                Duration look = passedOver.isEmpty() ? Duration.ofNanos(left) : Duration.ofNanos(Math.min(left, LOOK.toNanos()));
                Optional<CardReadOutcome> outcome = look(look, today, pin);
                if (outcome.isPresent()) return outcome.get();
                looked = false;
            } catch (CardReaderException e) {
                if (e.fault() != CardFault.NO_CARD || deadline - System.nanoTime() <= 0) return refused(e);
                looked = true;
            }
        }
    }

    /** The refusal of a card passed over that is still where it was (1404), if any. */
    public Optional<Refusal> standing() {
        return passedOver.values().stream().findFirst();
    }

    /** One look: the outcome to answer, or empty when the card read was passed over and the wait goes on. */
    private Optional<CardReadOutcome> look(Duration look, Supplier<LocalDate> today, Optional<String> pin) throws CardReaderException {
        try (CardSession session = port.waitForCard(look, Set.copyOf(passedOver.keySet()))) {
            String slot = session.readerName();
            if (passedOver.containsKey(slot)) return Optional.of(new CardReadOutcome.Refused(passedOver.get(slot))); // a port that has no other
            CardReadOutcome outcome = reader.read(session, today.get(), pin);
            if (!(outcome instanceof CardReadOutcome.Refused r) || r.refusal().reason() != CardReason.NOT_SOCIAL_SECURITY_CARD
                    || !severalSlots()) {
                return Optional.of(outcome);
            }
            passedOver.put(slot, r.refusal());
            return Optional.empty();
        }
    }

    /** Whether more than one reader or slot matches (one that cannot be listed now counts as one). */
    private boolean severalSlots() {
        try {
            return port.readers().size() > 1;
        } catch (CardReaderException e) {
            return false;
        }
    }

    /** Slots passed over whose card has left are looked at again. */
    private void forgetCardsTaken() throws CardReaderException {
        if (!passedOver.isEmpty()) passedOver.keySet().retainAll(port.holdingCards(Set.copyOf(passedOver.keySet())));
    }

    static CardReadOutcome refused(CardReaderException e) {
        return new CardReadOutcome.Refused(new Refusal(CardFaults.reason(e.fault()), ""));
    }
}
