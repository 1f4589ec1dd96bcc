package org.yibao.drivers.card.pcsc;

import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import jnasmartcardio.Smartcardio;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderException;

/**
 * Maps PC/SC errors onto {@link CardFault}: by numeric code for jnasmartcardio, by the
 * SCARD_* name in the message for the JDK provider.
 */
final class PcscFaults {
    private static final Map<String, CardFault> BY_NAME = Map.ofEntries(
            Map.entry("SCARD_E_NO_SERVICE", CardFault.SERVICE_UNAVAILABLE),
            Map.entry("SCARD_E_SERVICE_STOPPED", CardFault.SERVICE_UNAVAILABLE),
            Map.entry("SCARD_E_INVALID_HANDLE", CardFault.SERVICE_UNAVAILABLE),
            Map.entry("SCARD_E_NO_READERS_AVAILABLE", CardFault.NO_READER),
            Map.entry("SCARD_E_UNKNOWN_READER", CardFault.READER_GONE),
            Map.entry("SCARD_E_READER_UNAVAILABLE", CardFault.READER_GONE),
            Map.entry("SCARD_W_REMOVED_CARD", CardFault.CARD_REMOVED),
            Map.entry("SCARD_E_NO_SMARTCARD", CardFault.CARD_REMOVED),
            Map.entry("SCARD_W_RESET_CARD", CardFault.CARD_REMOVED),
            Map.entry("SCARD_W_UNPOWERED_CARD", CardFault.CARD_REMOVED),
            Map.entry("SCARD_W_UNRESPONSIVE_CARD", CardFault.CARD_REMOVED),
            Map.entry("SCARD_E_NOT_TRANSACTED", CardFault.CARD_REMOVED),
            Map.entry("SCARD_E_COMM_DATA_LOST", CardFault.CARD_REMOVED),
            Map.entry("SCARD_F_COMM_ERROR", CardFault.SERVICE_UNAVAILABLE),
            Map.entry("SCARD_E_TIMEOUT", CardFault.TIMEOUT),
            Map.entry("SCARD_E_PROTO_MISMATCH", CardFault.PROTOCOL_ERROR));

    private static final Map<Long, String> NAME_BY_CODE = Map.ofEntries(
            Map.entry(0x8010001DL, "SCARD_E_NO_SERVICE"),
            Map.entry(0x8010001EL, "SCARD_E_SERVICE_STOPPED"),
            Map.entry(0x80100003L, "SCARD_E_INVALID_HANDLE"),
            Map.entry(0x8010002EL, "SCARD_E_NO_READERS_AVAILABLE"),
            Map.entry(0x80100009L, "SCARD_E_UNKNOWN_READER"),
            Map.entry(0x80100017L, "SCARD_E_READER_UNAVAILABLE"),
            Map.entry(0x80100069L, "SCARD_W_REMOVED_CARD"),
            Map.entry(0x8010000CL, "SCARD_E_NO_SMARTCARD"),
            Map.entry(0x80100068L, "SCARD_W_RESET_CARD"),
            Map.entry(0x80100067L, "SCARD_W_UNPOWERED_CARD"),
            Map.entry(0x80100066L, "SCARD_W_UNRESPONSIVE_CARD"),
            Map.entry(0x80100016L, "SCARD_E_NOT_TRANSACTED"),
            Map.entry(0x8010002FL, "SCARD_E_COMM_DATA_LOST"),
            Map.entry(0x80100013L, "SCARD_F_COMM_ERROR"),
            Map.entry(0x8010000AL, "SCARD_E_TIMEOUT"),
            Map.entry(0x8010000FL, "SCARD_E_PROTO_MISMATCH"));

    private PcscFaults() {
    }

    /** The fault for a provider exception; {@code fallback} when it names nothing known. */
    static CardReaderException map(CardException e, CardFault fallback, String doing) {
        String name = scardName(e);
        CardFault fault = e instanceof CardNotPresentException ? CardFault.CARD_REMOVED
                : BY_NAME.getOrDefault(name, fallback);
        return new CardReaderException(fault, doing + " failed (" + (name == null ? e.getMessage() : name) + ")", e);
    }

    static String scardName(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Smartcardio.JnaPCSCException jna && NAME_BY_CODE.containsKey(jna.code)) {
                return NAME_BY_CODE.get(jna.code);
            }
            String message = String.valueOf(t.getMessage());
            for (String name : BY_NAME.keySet()) {
                if (message.contains(name)) {
                    return name;
                }
            }
        }
        return null;
    }
}
