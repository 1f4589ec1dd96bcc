package org.yibao.terminal.identity.card;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;
import org.yibao.drivers.card.CardReaderPort;

/**
 * One turn of the reader loop: wait (bounded) for a card on the port, read it, release it.
 * Device faults become 14xx refusals, so a caller can loop on {@link #readNext} forever. A card
 * that is no 社保卡 does not hide a 社保卡 in another reader or slot that matches ({@link CardSearch}).
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
     * however long before midnight the wait began. A card that is no 社保卡 among several slots is
     * refused (1404) only when nothing else was read by the end of the wait ({@link CardSearch}).
     */
    public CardReadOutcome readNext(Duration wait, Supplier<LocalDate> today, Optional<String> pin) {
        CardSearch search = search();
        CardReadOutcome outcome = search.readNext(wait, today, pin);
        if (outcome instanceof CardReadOutcome.Refused r && r.refusal().reason() == CardReason.NO_CARD) {
            return search.standing().<CardReadOutcome>map(CardReadOutcome.Refused::new).orElse(outcome);
        }
        return outcome;
    }

    /** A search for one wait that looks for a card more than once (a 1101's, once a slice). */
    public CardSearch search() {
        return new CardSearch(port, reader);
    }
}
