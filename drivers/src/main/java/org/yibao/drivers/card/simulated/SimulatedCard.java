package org.yibao.drivers.card.simulated;

/**
 * A card for the {@link SimulatedCardReader}: answers raw command APDUs with data + SW, like
 * the chip would (it may answer 61xx / 6Cxx; the reader resolves them).
 */
public interface SimulatedCard {
    /** The answer to reset. */
    byte[] atr();

    /** Processes one command APDU; returns response data followed by SW1 SW2. */
    byte[] process(byte[] command);
}
