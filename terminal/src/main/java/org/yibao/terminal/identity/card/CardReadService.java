package org.yibao.terminal.identity.card;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.terminal.domain.Refusal;

/**
 * One turn of the reader loop: wait (bounded) for a card on the port, read it, release it.
 * Device faults become 14xx refusals, so a caller can loop on {@link #readNext} forever. A card
 * that is no 社保卡 does not hide a 社保卡 in another reader or slot that matches.
 */
public final class CardReadService {
    private final CardReaderPort port;
    private final SocialSecurityCardReader reader;

    public CardReadService(CardReaderPort port, SocialSecurityCardReader reader) {
        this.port = port;
        this.reader = reader;
    }

    /** Waits up to {@code wait} for a card and reads it as of {@code today}. */
    public CardReadOutcome readNext(Duration wait, LocalDate today, Optional<String> pin) {
        return readNext(wait, () -> today, pin);
    }

    /**
     * Waits up to {@code wait} for a card and reads it as of the day {@code today} gives once the
     * card is there: a card inserted after midnight is judged on the new day (its 有效期 included),
     * however long before midnight the wait began.
     */
    public CardReadOutcome readNext(Duration wait, Supplier<LocalDate> today, Optional<String> pin) {
        long deadline = System.nanoTime() + wait.toNanos();
        try (CardSession session = port.waitForCard(wait)) {
            CardReadOutcome outcome = reader.read(session, today.get(), pin);
            return isSocialSecurityCard(outcome) ? outcome : inOtherSlots(session.readerName(), outcome, deadline, today, pin);
        } catch (CardReaderException e) {
            return refused(e);
        }
    }

    /**
     * Whether more than one reader or slot matches: a card that is no 社保卡 may then stand in one
     * (the PSAM, always there; a bank card left on the pad) while the 社保卡 goes into another.
     */
    public boolean severalSlots() {
        try {
            return port.readers().size() > 1;
        } catch (CardReaderException e) {
            return false;
        }
    }

    /**
     * A card that is no 社保卡 (a bank card left on the contactless pad, the PSAM in its slot) was
     * read first; the other readers or slots that match are waited on for the rest of the wait
     * (the person may insert the 社保卡 only now; the PSAM never leaves), at once when there are
     * none, and a 社保卡 there is read. Else the first card's refusal (1404) stands, unless another
     * card failed otherwise (pulled out mid-read: 1403).
     */
    private CardReadOutcome inOtherSlots(String firstReader, CardReadOutcome first, long deadline, Supplier<LocalDate> today,
                                         Optional<String> pin) {
        Set<String> passedOver = new HashSet<>(Set.of(firstReader));
        while (true) {
            try (CardSession session = port.waitForCard(restOfWait(deadline, passedOver), passedOver)) {
                if (!passedOver.add(session.readerName())) return first; // a port that has no other reader
                CardReadOutcome outcome = reader.read(session, today.get(), pin);
                if (isSocialSecurityCard(outcome)) return outcome;
            } catch (CardReaderException e) {
                return e.fault() == CardFault.NO_CARD || e.fault() == CardFault.NO_READER ? first : refused(e);
            }
        }
    }

    /** The rest of the wait while a reader or slot not yet passed over matches; zero when none does (nothing to wait on). */
    private Duration restOfWait(long deadline, Set<String> passedOver) {
        try {
            if (port.readers().stream().allMatch(passedOver::contains)) return Duration.ZERO;
        } catch (CardReaderException e) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static boolean isSocialSecurityCard(CardReadOutcome outcome) {
        return !(outcome instanceof CardReadOutcome.Refused r) || r.refusal().reason() != CardReason.NOT_SOCIAL_SECURITY_CARD;
    }

    private static CardReadOutcome refused(CardReaderException e) {
        return new CardReadOutcome.Refused(new Refusal(CardFaults.reason(e.fault()), ""));
    }
}
