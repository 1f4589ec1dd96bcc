package org.yibao.terminal.identity.card;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.terminal.domain.Refusal;

/**
 * One turn of the reader loop: wait (bounded) for a card on the port, read it, release it.
 * Device faults become 14xx refusals, so a caller can loop on {@link #readNext} forever.
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
            return reader.read(session, today.get(), pin);
        } catch (CardReaderException e) {
            return new CardReadOutcome.Refused(new Refusal(CardFaults.reason(e.fault()), ""));
        }
    }
}
