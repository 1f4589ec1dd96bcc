package org.yibao.drivers.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.simulated.SimulatedCard;
import org.yibao.drivers.card.simulated.SimulatedCardReader;

class SimulatedCardReaderTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Answers every command with a chained 3-byte record, to show the twin resolves 61xx too. */
    private static final class ChainingCard implements SimulatedCard {
        @Override public byte[] atr() {
            return HEX.parseHex("3B8080010101");
        }

        @Override public byte[] process(byte[] command) {
            return command[1] == (byte) 0xC0 ? HEX.parseHex("0701419000") : HEX.parseHex("6103");
        }
    }

    private final SimulatedCardReader reader = assertInstanceOf(SimulatedCardReader.class,
            CardReaders.open(CardReaderConfig.of("simulated", "Simulated")));

    @Test void foundByConfigurationAndListsItsReader() throws Exception {
        assertEquals(List.of(SimulatedCardReader.DEFAULT_NAME), reader.readers());
        var other = CardReaders.open(CardReaderConfig.of("simulated", "^ACS"));
        assertEquals(List.of(), other.readers());
        assertEquals(CardFault.NO_READER,
                assertThrows(CardReaderException.class, () -> other.waitForCard(Duration.ZERO)).fault());
    }

    @Test void noCardIsNoCard() {
        CardReaderException e = assertThrows(CardReaderException.class, () -> reader.waitForCard(Duration.ofMillis(1)));
        assertEquals(CardFault.NO_CARD, e.fault());
    }

    @Test void insertedCardAnswersThroughResponseChaining() throws Exception {
        reader.insertCard(new ChainingCard());
        try (CardSession session = reader.waitForCard(Duration.ZERO)) {
            CardResponse r = session.transmit(HEX.parseHex("00B2070400"));
            assertTrue(r.isOk());
            assertArrayEquals(HEX.parseHex("070141"), r.data());
            assertArrayEquals(HEX.parseHex("3B8080010101"), session.atr());
        }
    }

    @Test void removedCardFailsTheSessionEvenAfterReinsertion() throws Exception {
        reader.insertCard(new ChainingCard());
        CardSession session = reader.waitForCard(Duration.ZERO);
        reader.removeCard();
        assertFalse(session.isCardPresent());
        assertTrue(session.awaitRemoval(Duration.ZERO));
        reader.insertCard(new ChainingCard());
        CardReaderException e = assertThrows(CardReaderException.class, () -> session.transmit(HEX.parseHex("00B2070400")));
        assertEquals(CardFault.CARD_REMOVED, e.fault());
    }

    @Test void tellsWhetherItsReaderHoldsACard() throws Exception {
        Set<String> mine = Set.of(SimulatedCardReader.DEFAULT_NAME);
        assertEquals(Set.of(), reader.holdingCards(mine));
        reader.insertCard(new ChainingCard());
        assertEquals(mine, reader.holdingCards(mine));
        assertEquals(Set.of(), reader.holdingCards(Set.of("Other PCD 00 00")), "only the readers asked about");
        reader.unplug();
        assertEquals(Set.of(), reader.holdingCards(mine), "a reader gone holds none");
        reader.plug();
        reader.removeCard();
        assertEquals(Set.of(), reader.holdingCards(mine));
    }

    @Test void unpluggedReaderIsGoneAndComesBackEmpty() throws Exception {
        reader.insertCard(new ChainingCard());
        CardSession session = reader.waitForCard(Duration.ZERO);
        reader.unplug();
        assertEquals(CardFault.READER_GONE,
                assertThrows(CardReaderException.class, () -> session.transmit(HEX.parseHex("00B2070400"))).fault());
        assertEquals(CardFault.NO_READER,
                assertThrows(CardReaderException.class, () -> reader.waitForCard(Duration.ZERO)).fault());
        reader.plug();
        assertEquals(CardFault.NO_CARD,
                assertThrows(CardReaderException.class, () -> reader.waitForCard(Duration.ZERO)).fault());
    }

    @Test void aWaitingThreadWakesWhenACardIsInserted() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try (CardSession s = reader.waitForCard(Duration.ofMinutes(1))) {
                outcome.set(s.readerName());
            } catch (CardReaderException e) {
                outcome.set(e);
            }
        });
        reader.insertCard(new ChainingCard());
        waiter.join();
        assertEquals(SimulatedCardReader.DEFAULT_NAME, outcome.get());
    }

    @Test void interruptedWaitFailsAndKeepsTheInterruptFlag() {
        Thread.currentThread().interrupt();
        CardReaderException e = assertThrows(CardReaderException.class, () -> reader.waitForCard(Duration.ofMinutes(1)));
        assertEquals(CardFault.INTERRUPTED, e.fault());
        assertTrue(Thread.interrupted(), "interrupt flag restored");
    }

    @Test void closedReaderRefusesWork() {
        reader.close();
        assertEquals(CardFault.CLOSED, assertThrows(CardReaderException.class, reader::readers).fault());
    }
}
