package org.yibao.drivers.card.simulated;

import java.time.Duration;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardResponse;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.ResponseChaining;

/** A session on a {@link SimulatedCard}; exchanges go through {@link ResponseChaining} as on PC/SC. */
final class SimulatedCardSession implements CardSession {
    private final SimulatedCardReader reader;
    private final String readerName;
    private final SimulatedCard card;
    private final long generation;
    private volatile boolean closed;

    SimulatedCardSession(SimulatedCardReader reader, String readerName, SimulatedCard card, long generation) {
        this.reader = reader;
        this.readerName = readerName;
        this.card = card;
        this.generation = generation;
    }

    @Override public String readerName() {
        return readerName;
    }

    @Override public byte[] atr() {
        return card.atr().clone();
    }

    @Override public CardResponse transmit(byte[] command) throws CardReaderException {
        return ResponseChaining.transmit(this::exchange, command);
    }

    private byte[] exchange(byte[] command) throws CardReaderException {
        if (closed) {
            throw new CardReaderException(CardFault.CLOSED, "session on '" + readerName + "' is closed");
        }
        CardFault fault = reader.faultFor(generation);
        if (fault != null) {
            throw new CardReaderException(fault, "card in '" + readerName + "' is no longer available");
        }
        return card.process(command.clone());
    }

    @Override public boolean isCardPresent() {
        return !closed && reader.faultFor(generation) == null;
    }

    @Override public boolean awaitRemoval(Duration timeout) throws CardReaderException {
        return reader.awaitGone(generation, timeout);
    }

    @Override public void close() {
        closed = true;
    }
}
