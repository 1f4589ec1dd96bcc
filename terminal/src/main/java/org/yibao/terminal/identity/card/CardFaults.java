package org.yibao.terminal.identity.card;

import org.yibao.drivers.card.CardFault;

/** Maps the drivers' device faults onto the terminal's 14xx card reasons. */
final class CardFaults {
    private CardFaults() {
    }

    static CardReason reason(CardFault fault) {
        return switch (fault) {
            case NO_READER -> CardReason.NO_READER;
            case NO_CARD -> CardReason.NO_CARD;
            case CARD_REMOVED -> CardReason.CARD_REMOVED;
            case READER_GONE -> CardReason.READER_GONE;
            case SERVICE_UNAVAILABLE -> CardReason.READER_SERVICE_UNAVAILABLE;
            case TIMEOUT -> CardReason.READER_TIMEOUT;
            case PROTOCOL_ERROR, INTERRUPTED, CLOSED -> CardReason.READER_ERROR;
        };
    }
}
