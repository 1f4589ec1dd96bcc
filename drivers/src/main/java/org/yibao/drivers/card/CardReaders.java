package org.yibao.drivers.card;

import org.yibao.drivers.card.pcsc.PcscCardReader;
import org.yibao.drivers.card.simulated.SimulatedCardReader;

/** Makes the configured card reader: {@code "pcsc"} (real) or {@code "simulated"} (its twin). */
public final class CardReaders {
    private CardReaders() {
    }

    public static CardReaderPort open(CardReaderConfig config) {
        return switch (config.driver()) {
            case CardReaderConfig.PCSC -> new PcscCardReader(config);
            case CardReaderConfig.SIMULATED -> new SimulatedCardReader(config);
            default -> throw new IllegalArgumentException("unknown card reader driver " + config.driver());
        };
    }
}
