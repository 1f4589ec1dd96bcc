package org.yibao.drivers.card;

/**
 * Why a card-reader operation failed, for the terminal to map onto its own result codes.
 * Every {@link CardReaderException} carries exactly one of these.
 */
public enum CardFault {
    /** No reader matching the configured name pattern is attached. */
    NO_READER,
    /** A matching reader is present but no card was inserted before the wait ended. */
    NO_CARD,
    /** The card was pulled out (or lost power) while a session was using it. */
    CARD_REMOVED,
    /** The reader the session was using disappeared (unplugged, or the service lost it). */
    READER_GONE,
    /** The PC/SC service (pcscd) cannot be reached. */
    SERVICE_UNAVAILABLE,
    /** The card or the reader did not answer within the configured time. */
    TIMEOUT,
    /** The card answered something the transport could not use (bad length, protocol error). */
    PROTOCOL_ERROR,
    /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
    INTERRUPTED,
    /** The reader or session was closed by its owner. */
    CLOSED
}
