package org.yibao.terminal.identity.card;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.simulated.SimulatedCard;
import org.yibao.drivers.card.simulated.SimulatedCardReader;

/**
 * A reader with two slots that both match (its PSAM or contactless pad listed first, its contact
 * slot second), as {@code PcscCardReader} serves several: the first slot not passed over that holds
 * a card, polled every 10 ms up to the timeout. It counts the sessions it opens in each slot (each
 * is a card read: a connect and its APDUs).
 */
public final class TwoSlotPort implements CardReaderPort {
    public final SimulatedCardReader first = slot("Slot PCD 00 00");
    public final SimulatedCardReader second = slot("Slot PCD 00 01");
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();

    private static SimulatedCardReader slot(String name) {
        return new SimulatedCardReader(CardReaderConfig.of(CardReaderConfig.SIMULATED, ".*"), name);
    }

    /** The identity tests' 社保卡 (张三). */
    public static SimulatedCard socialSecurityCard() {
        return new SimulatedSocialSecurityCard();
    }

    /** A card that answers the 社保 SELECT 6A82: a PSAM, a bank card. */
    public static SimulatedCard noSocialSecurityCard() {
        SimulatedSocialSecurityCard card = new SimulatedSocialSecurityCard();
        card.notSocialSecurity = true;
        return card;
    }

    @Override public List<String> readers() throws CardReaderException {
        List<String> names = new ArrayList<>(first.readers());
        names.addAll(second.readers());
        return names;
    }

    /** How many sessions were opened on the slot named. */
    public int sessionsIn(String slot) {
        AtomicInteger opened = sessions.get(slot);
        return opened == null ? 0 : opened.get();
    }

    @Override public Set<String> holdingCards(Set<String> names) throws CardReaderException {
        Set<String> holding = new HashSet<>(first.holdingCards(names));
        holding.addAll(second.holdingCards(names));
        return holding;
    }

    @Override public CardSession waitForCard(Duration timeout) throws CardReaderException {
        return waitForCard(timeout, Set.of());
    }

    @Override public CardSession waitForCard(Duration timeout, Set<String> passOver) throws CardReaderException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (SimulatedCardReader slot : List.of(first, second)) {
                if (passOver.containsAll(slot.readers())) continue;
                try {
                    CardSession session = slot.waitForCard(Duration.ZERO);
                    sessions.computeIfAbsent(session.readerName(), name -> new AtomicInteger()).incrementAndGet();
                    return session;
                } catch (CardReaderException e) {
                    if (e.fault() != CardFault.NO_CARD) throw e;
                }
            }
            if (System.nanoTime() >= deadline) throw new CardReaderException(CardFault.NO_CARD, "no card in either slot");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardReaderException(CardFault.INTERRUPTED, "interrupted", e);
            }
        }
    }

    @Override public void close() {
        first.close();
        second.close();
    }
}
