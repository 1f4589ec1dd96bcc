package org.yibao.terminal.identity.card;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.yibao.drivers.card.simulated.SimulatedCard;
import org.yibao.drivers.card.simulated.SimulatedCardReader;

/**
 * A 社会保障卡 built from stored record answers ({@code <tag> <len> <value> [fill]}), answering
 * the spec's APDUs (§2) the way the test asks: each command's answer comes directly, or as 61xx
 * (in chunks fetched with GET RESPONSE, the first chunk possibly with the 61xx), or as 6Cxx (only
 * a resend with Le = the exact length gets it). Faults are data: a status word in place of an
 * answer, an answer without its 90 00, the card pulled out after a given exchange.
 */
final class GeneratedCard implements SimulatedCard {
    static final byte[] AID = HexFormat.of().parseHex("7378312E73682EC9E7BBE1B1A3D5CF");

    /** How one command's answer is delivered. */
    sealed interface Delivery {
    }

    record Direct() implements Delivery {
    }

    /** 61xx: {@code chunk} bytes per GET RESPONSE; {@code firstWithData}: the first chunk rides with the 61xx. */
    record Chained(int chunk, boolean firstWithData) implements Delivery {
    }

    /** 6Cxx: the exact length is told, and only a command with that Le is answered. */
    record WrongLe() implements Delivery {
    }

    /** Stored record answers of EF05 and EF06 by record number. */
    final Map<Integer, byte[]> ef05 = new HashMap<>();
    final Map<Integer, byte[]> ef06 = new HashMap<>();
    /** The delivery of each command: "select", "EF05", "EF06" or "05/07", "06/09" (file/record). */
    final Map<String, Delivery> delivery = new HashMap<>();
    /** A status word answered instead, by the same keys ("pin" for VERIFY). */
    final Map<String, Integer> statusWord = new HashMap<>();
    /** Records answered without their 90 00. */
    final Map<String, Boolean> noStatusWord = new HashMap<>();
    byte[] fci = new byte[0];
    boolean sfiRefused;
    String pin = "123456";
    int pinTries = 3;
    /** The reader to pull the card from after exchange number {@link #removeAfter} (1-based); 0 never. */
    SimulatedCardReader hand;
    int removeAfter;

    private int exchanges;
    private boolean selected;
    private int current;
    private byte[] pending = new byte[0];
    private int chunk;

    int exchanges() {
        return exchanges;
    }

    @Override public byte[] atr() {
        return HexFormat.of().parseHex("3B8880010000000000000000");
    }

    @Override public byte[] process(byte[] c) {
        exchanges++;
        byte[] answer = answer(c);
        if (removeAfter == exchanges && hand != null) {
            hand.removeCard();
        }
        return answer;
    }

    private byte[] answer(byte[] c) {
        int ins = c[1] & 0xFF;
        return switch (ins) {
            case 0xC0 -> getResponse(c[4] & 0xFF);
            case 0xA4 -> select(c);
            case 0xB2 -> readRecord(c);
            case 0x20 -> verify(Arrays.copyOfRange(c, 5, 5 + (c[4] & 0xFF)));
            default -> sw(0x6D00);
        };
    }

    private byte[] select(byte[] c) {
        byte[] data = Arrays.copyOfRange(c, 5, 5 + (c[4] & 0xFF));
        if (c[2] == 0x04) {
            Integer instead = statusWord.get("select");
            if (instead != null) {
                return sw(instead);
            }
            selected = Arrays.equals(data, AID);
            return selected ? deliver("select", c, fci) : sw(0x6A82);
        }
        if (selected && data.length == 2 && (data[0] & 0xFF) == 0xEF && (data[1] == 5 || data[1] == 6)) {
            current = data[1];
            String key = data[1] == 5 ? "EF05" : "EF06";
            Integer instead = statusWord.get(key);
            return instead != null ? sw(instead) : deliver(key, c, new byte[0]);
        }
        return sw(0x6A82);
    }

    private byte[] readRecord(byte[] c) {
        if (!selected) {
            return sw(0x6986);
        }
        int rec = c[2] & 0xFF;
        int p2 = c[3] & 0xFF;
        int file = p2 == 0x04 ? current : p2 == 0x2C && !sfiRefused ? 5 : -1;
        Map<Integer, byte[]> records = file == 5 ? ef05 : file == 6 ? ef06 : null;
        if (records == null) {
            return sw(0x6A86);
        }
        String key = String.format("%02X/%02X", file, rec);
        Integer instead = statusWord.get(key);
        if (instead != null) {
            return sw(instead);
        }
        if (!records.containsKey(rec)) {
            return sw(0x6A83);
        }
        byte[] tlv = records.get(rec);
        if (noStatusWord.getOrDefault(key, false)) {
            return tlv.clone();
        }
        return deliver(key, c, tlv);
    }

    /** The answer {@code data} + 90 00 as the delivery of {@code key} wants it. */
    private byte[] deliver(String key, byte[] command, byte[] data) {
        Delivery how = data.length == 0 ? new Direct() : delivery.getOrDefault(key, new Direct());
        return switch (how) {
            case Direct d -> concat(data, sw(0x9000));
            case WrongLe w -> {
                int le = command.length > 5 ? (command.length > 5 + (command[4] & 0xFF) ? command[command.length - 1] & 0xFF : -1)
                        : command[4] & 0xFF;
                yield le == data.length ? concat(data, sw(0x9000)) : sw(0x6C00 | data.length);
            }
            case Chained ch -> {
                chunk = ch.chunk();
                int first = ch.firstWithData() ? Math.min(chunk, data.length - 1) : 0;
                pending = Arrays.copyOfRange(data, first, data.length);
                yield concat(Arrays.copyOf(data, first), sw(0x6100 | Math.min(chunk, pending.length)));
            }
        };
    }

    private byte[] getResponse(int le) {
        int n = Math.min(le == 0 ? 256 : le, pending.length);
        byte[] out = Arrays.copyOf(pending, n);
        pending = Arrays.copyOfRange(pending, n, pending.length);
        return concat(out, sw(pending.length == 0 ? 0x9000 : 0x6100 | Math.min(chunk, pending.length)));
    }

    private byte[] verify(byte[] sent) {
        Integer instead = statusWord.get("pin");
        if (instead != null) {
            return sw(instead);
        }
        if (pinTries == 0) {
            return sw(0x6983);
        }
        String padded = pin.length() % 2 == 0 ? pin : pin + "F";
        if (Arrays.equals(sent, HexFormat.of().parseHex(padded))) {
            return sw(0x9000);
        }
        pinTries--;
        return sw(pinTries == 0 ? 0x6983 : 0x63C0 | pinTries);
    }

    static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >>> 8), (byte) sw};
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
