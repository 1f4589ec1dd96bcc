package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaders;
import org.yibao.drivers.card.simulated.SimulatedCardReader;

class CardReaderLoopTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private final SimulatedCardReader reader = (SimulatedCardReader) CardReaders.open(
            CardReaderConfig.of(CardReaderConfig.SIMULATED, ""));
    private final BlockingQueue<CardReadOutcome> outcomes = new LinkedBlockingQueue<>();
    private final CardReaderLoop loop = new CardReaderLoop(reader, new SocialSecurityCardReader(), CLOCK, outcome -> {
        outcomes.add(outcome);
        throw new IllegalStateException("a listener bug must not stop the loop");
    }, Duration.ofMillis(50));

    @AfterEach void stop() {
        loop.close();
    }

    /** The next outcome; null if none within 10 s (a bound, not a timing assertion). */
    private CardReadOutcome next() throws InterruptedException {
        return outcomes.poll(10, TimeUnit.SECONDS);
    }

    private CardReason refusedWith() throws InterruptedException {
        return (CardReason) assertInstanceOf(CardReadOutcome.Refused.class, next()).refusal().reason();
    }

    @Test void readsEachInsertedCardOnceAndCarriesOnAfterEveryFailure() throws Exception {
        loop.start();
        SimulatedSocialSecurityCard foreign = new SimulatedSocialSecurityCard();
        foreign.notSocialSecurity = true;
        reader.insertCard(foreign);
        assertEquals(CardReason.NOT_SOCIAL_SECURITY_CARD, refusedWith());
        reader.removeCard();
        reader.insertCard(new SimulatedSocialSecurityCard());
        assertEquals("张三", assertInstanceOf(CardReadOutcome.Read.class, next()).identity().name());
        reader.unplug();
        assertEquals(CardReason.NO_READER, refusedWith());
        reader.plug();
        SimulatedSocialSecurityCard expired = new SimulatedSocialSecurityCard();
        expired.ef05.put(0x06, java.util.HexFormat.of().parseHex("20261122"));
        reader.insertCard(expired);
        assertEquals(CardReason.CARD_EXPIRED, refusedWith());
        assertNull(outcomes.poll(300, TimeUnit.MILLISECONDS), "a card left in is not read again");
    }

    @Test void aDeviceProblemIsToldOnceNotOnEveryPoll() throws Exception {
        reader.unplug();
        loop.start();
        assertEquals(CardReason.NO_READER, refusedWith());
        assertNull(outcomes.poll(400, TimeUnit.MILLISECONDS), "NO_READER repeated");
        reader.plug();
        reader.insertCard(new SimulatedSocialSecurityCard());
        assertInstanceOf(CardReadOutcome.Read.class, next());
    }
}
