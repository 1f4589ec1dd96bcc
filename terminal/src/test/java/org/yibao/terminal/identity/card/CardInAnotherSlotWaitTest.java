package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.simulated.SimulatedCardReader;

/**
 * A card that is no 社保卡 standing in one slot (the PSAM, always there; a bank card left on the
 * pad) while the person inserts the 社保卡 into another during the wait: `card read --wait`, and
 * each slice of a 1101's wait, must read it, not end at once with the standing card's 1404.
 */
class CardInAnotherSlotWaitTest {
    private static final LocalDate TODAY = LocalDate.of(2027, 1, 15);

    @Test
    void aSocialSecurityCardInsertedInAnotherSlotDuringTheWaitIsRead() throws Exception {
        try (TwoSlotPort port = new TwoSlotPort()) {
            port.first.insertCard(TwoSlotPort.noSocialSecurityCard());
            CardReadService service = new CardReadService(port, new SocialSecurityCardReader());
            CompletableFuture<CardReadOutcome> read = CompletableFuture.supplyAsync(
                    () -> service.readNext(Duration.ofSeconds(10), TODAY, Optional.empty()));
            Thread.sleep(300); // the person inserts the 社保卡 while the wait is under way (were it before, this test could not fail)
            port.second.insertCard(TwoSlotPort.socialSecurityCard());
            CardReadOutcome outcome = read.get(15, TimeUnit.SECONDS);
            assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome.toString());
        }
    }

    /**
     * The bank card is taken off the pad and the 社保卡 laid on the same pad during the wait: the
     * pad was passed over for its first card, and must be looked at again once that card left.
     */
    @Test
    void aSocialSecurityCardPutWhereTheCardPassedOverWasIsRead() throws Exception {
        try (TwoSlotPort port = new TwoSlotPort()) {
            port.first.insertCard(TwoSlotPort.noSocialSecurityCard());
            CardReadService service = new CardReadService(port, new SocialSecurityCardReader());
            CompletableFuture<CardReadOutcome> read = CompletableFuture.supplyAsync(
                    () -> service.readNext(Duration.ofSeconds(10), TODAY, Optional.empty()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (port.sessionsIn("Slot PCD 00 00") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the bank card was read and passed over
            }
            port.first.removeCard();
            Thread.sleep(300);
            port.first.insertCard(TwoSlotPort.socialSecurityCard());
            CardReadOutcome outcome = read.get(15, TimeUnit.SECONDS);
            assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome.toString());
        }
    }

    /**
     * A port that cannot tell which readers hold a card (it answers none) has the card passed over
     * read again once a look, as before the search kept it: never in a spin between looks.
     */
    @Test
    void aPortThatCannotTellWhichReadersHoldACardReadsTheCardPassedOverOnceALook() throws Exception {
        try (TwoSlotPort slots = new TwoSlotPort()) {
            slots.first.insertCard(TwoSlotPort.noSocialSecurityCard());
            CardReaderPort cannotTell = new CardReaderPort() {
                @Override public List<String> readers() throws CardReaderException {
                    return slots.readers();
                }

                @Override public CardSession waitForCard(Duration timeout) throws CardReaderException {
                    return slots.waitForCard(timeout);
                }

                @Override public CardSession waitForCard(Duration timeout, Set<String> passOver) throws CardReaderException {
                    return slots.waitForCard(timeout, passOver);
                }

                @Override public void close() {
                }
            };
            CardReadOutcome outcome = new CardReadService(cannotTell, new SocialSecurityCardReader())
                    .readNext(Duration.ofSeconds(1), TODAY, Optional.empty());
            assertEquals("1404", assertInstanceOf(CardReadOutcome.Refused.class, outcome).refusal().reason().code());
            int reads = slots.sessionsIn("Slot PCD 00 00");
            assertTrue(reads >= 2 && reads <= 8, "read once a 200 ms look in 1 s, not in a spin: " + reads);
        }
    }

    /** One slot only: the card that is no 社保卡 must come out before another can go in, so it is told at once. */
    @Test
    void aCardThatIsNoSocialSecurityCardInTheOnlySlotIsRefusedAtOnce() throws Exception {
        try (SimulatedCardReader port = new SimulatedCardReader(CardReaderConfig.of(CardReaderConfig.SIMULATED, ".*"))) {
            port.insertCard(TwoSlotPort.noSocialSecurityCard());
            long started = System.nanoTime();
            CardReadOutcome outcome = new CardReadService(port, new SocialSecurityCardReader())
                    .readNext(Duration.ofSeconds(10), TODAY, Optional.empty());
            assertEquals("1404", assertInstanceOf(CardReadOutcome.Refused.class, outcome).refusal().reason().code());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "not after the wait's bound");
        }
    }

    /** Two slots, none holding a 社保卡: the standing card's 1404, once the wait is over. */
    @Test
    void withNoSocialSecurityCardInAnySlotTheStandingCardIsRefusedAtTheBound() throws Exception {
        try (TwoSlotPort port = new TwoSlotPort()) {
            port.first.insertCard(TwoSlotPort.noSocialSecurityCard());
            CardReadOutcome outcome = new CardReadService(port, new SocialSecurityCardReader())
                    .readNext(Duration.ofMillis(500), TODAY, Optional.empty());
            assertEquals("1404", assertInstanceOf(CardReadOutcome.Refused.class, outcome).refusal().reason().code());
        }
    }
}
