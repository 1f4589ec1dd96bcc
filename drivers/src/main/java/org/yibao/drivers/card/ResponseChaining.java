package org.yibao.drivers.card;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Resolves the T=0 style status words so callers always see a final response: 61xx (fetch the
 * rest with GET RESPONSE, possibly several times) and 6Cxx (resend the same command with
 * Le = xx). The JDK provider does this itself; jnasmartcardio and the simulated reader do
 * not, so every session runs its exchanges through here. Bounded: at most
 * {@value #MAX_ROUNDS} extra exchanges per command.
 */
public final class ResponseChaining {
    /** Extra exchanges allowed for one command before it is declared a protocol error. */
    public static final int MAX_ROUNDS = 32;

    /** One raw exchange with the card: command bytes in, data + SW out. */
    @FunctionalInterface
    public interface RawExchange {
        byte[] exchange(byte[] command) throws CardReaderException;
    }

    private ResponseChaining() {
    }

    /**
     * Sends {@code command} and follows 61xx / 6Cxx to the final response. 6Cxx resends the
     * command it answered, which after a 61xx is the GET RESPONSE.
     */
    public static CardResponse transmit(RawExchange channel, byte[] command) throws CardReaderException {
        if (command.length < 4) {
            throw new IllegalArgumentException("a command APDU has at least 4 bytes, got " + command.length);
        }
        CardResponse response = CardResponse.parse(channel.exchange(command));
        byte[] last = command; // the command the response answers: 6Cxx resends this one
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (response.sw1() == 0x6C) {
                last = withLe(last, response.sw2());
                response = CardResponse.parse(channel.exchange(last));
            } else if (response.sw1() == 0x61) {
                collected.writeBytes(response.data());
                last = getResponse(command[0], response.sw2());
                response = CardResponse.parse(channel.exchange(last));
            } else {
                collected.writeBytes(response.data());
                return new CardResponse(collected.toByteArray(), response.sw());
            }
        }
        throw new CardReaderException(CardFault.PROTOCOL_ERROR,
                "card kept answering 61xx/6Cxx after " + MAX_ROUNDS + " rounds");
    }

    /** GET RESPONSE on the same logical channel (class byte's channel bits kept). */
    static byte[] getResponse(byte cla, int le) {
        return new byte[] {(byte) (cla & 0x03), (byte) 0xC0, 0x00, 0x00, (byte) le};
    }

    /** The same command with its Le replaced (or appended, for a case 1/3 command). */
    static byte[] withLe(byte[] command, int le) {
        if (command.length == 4) {
            return new byte[] {command[0], command[1], command[2], command[3], (byte) le};
        }
        int lc = command[4] & 0xFF;
        if (command.length == 5) {
            byte[] copy = command.clone();
            copy[4] = (byte) le;
            return copy;
        }
        byte[] copy = Arrays.copyOf(command, 5 + lc + 1);
        copy[5 + lc] = (byte) le;
        return copy;
    }
}
