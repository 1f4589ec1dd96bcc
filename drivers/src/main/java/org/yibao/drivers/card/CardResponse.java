package org.yibao.drivers.card;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A response APDU: the data field and the two status bytes. Immutable (the data is copied
 * in and out).
 */
public record CardResponse(byte[] data, int sw) {
    /** 90 00: normal processing. */
    public static final int SW_OK = 0x9000;

    public CardResponse {
        data = data.clone();
        if (sw < 0 || sw > 0xFFFF) {
            throw new IllegalArgumentException("status word out of range: " + sw);
        }
    }

    /** Splits raw response bytes (data then SW1 SW2). */
    public static CardResponse parse(byte[] raw) throws CardReaderException {
        if (raw.length < 2) {
            throw new CardReaderException(CardFault.PROTOCOL_ERROR,
                    "response of " + raw.length + " bytes has no status word");
        }
        int sw = ((raw[raw.length - 2] & 0xFF) << 8) | (raw[raw.length - 1] & 0xFF);
        return new CardResponse(Arrays.copyOf(raw, raw.length - 2), sw);
    }

    @Override public byte[] data() {
        return data.clone();
    }

    public int sw1() {
        return sw >>> 8;
    }

    public int sw2() {
        return sw & 0xFF;
    }

    public boolean isOk() {
        return sw == SW_OK;
    }

    @Override public boolean equals(Object o) {
        return o instanceof CardResponse r && r.sw == sw && Arrays.equals(r.data, data);
    }

    @Override public int hashCode() {
        return 31 * Arrays.hashCode(data) + sw;
    }

    /** Status word and data length only: card data may be personal, so it is never printed. */
    @Override public String toString() {
        return "CardResponse[sw=" + HexFormat.of().withUpperCase().toHexDigits((short) sw)
                + ", " + data.length + " data bytes]";
    }
}
