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
        try (CardSession session = port.waitForCard(wait)) {
            CardReadOutcome outcome = reader.read(session, today.get(), pin);
            return isSocialSecurityCard(outcome) ? outcome : inOtherSlots(session.readerName(), outcome, today, pin);
        } catch (CardReaderException e) {
            return refused(e);
        }
    }

    /**
     * A card that is no 社保卡 (a bank card left on the contactless pad, the PSAM in its slot) was
     * read first; the other readers or slots that match are asked at once, without waiting, and a
     * 社保卡 there is read. Else the first card's refusal (1404) stands, unless another card failed
     * otherwise (pulled out mid-read: 1403).
     */
    private CardReadOutcome inOtherSlots(String firstReader, CardReadOutcome first, Supplier<LocalDate> today,
                                         Optional<String> pin) {
        Set<String> passedOver = new HashSet<>(Set.of(firstReader));
        while (true) {
            try (CardSession session = port.waitForCard(Duration.ZERO, passedOver)) {
                if (!passedOver.add(session.readerName())) return first; // a port that has no other reader
                CardReadOutcome outcome = reader.read(session, today.get(), pin);
                if (isSocialSecurityCard(outcome)) return outcome;
            } catch (CardReaderException e) {
                return e.fault() == CardFault.NO_CARD || e.fault() == CardFault.NO_READER ? first : refused(e);
            }
        }
    }

    private static boolean isSocialSecurityCard(CardReadOutcome outcome) {
        return !(outcome instanceof CardReadOutcome.Refused r) || r.refusal().reason() != CardReason.NOT_SOCIAL_SECURITY_CARD;
    }

    private static CardReadOutcome refused(CardReaderException e) {
        return new CardReadOutcome.Refused(new Refusal(CardFaults.reason(e.fault()), ""));
    }
}
