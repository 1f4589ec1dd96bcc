package org.yibao.drivers.card;

import java.util.Objects;

/** A card-reader operation failed for a {@link CardFault}; the message says what and how long. */
public final class CardReaderException extends Exception {
    private static final long serialVersionUID = 1L;
    private final CardFault fault;

    public CardReaderException(CardFault fault, String message) {
        this(fault, message, null);
    }

    public CardReaderException(CardFault fault, String message, Throwable cause) {
        super(fault + ": " + message, cause);
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** The typed reason, stable for callers to switch on. */
    public CardFault fault() {
        return fault;
    }
}
