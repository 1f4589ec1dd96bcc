package org.yibao.terminal.identity.card;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.IntConsumer;
import org.yibao.drivers.card.simulated.SimulatedCard;

/**
 * A 社会保障卡 for the simulated reader, answering the spec's APDUs like the Python card used
 * on real pcscd (drivers/src/test/python/sbcard.py): the demo inserts one, and tests replace
 * records (package-private) to make broken cards. Every person in it is fictitious; the PIN is
 * 123456.
 */
public final class SimulatedSocialSecurityCard implements SimulatedCard {
    private static final DateTimeFormatter BCD_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] AID = HEX.parseHex("7378312E73682EC9E7BBE1B1A3D5CF");
    private static final byte[] PIN = HEX.parseHex("123456");

    final Map<Integer, byte[]> ef05 = new HashMap<>();
    final Map<Integer, byte[]> ef06 = new HashMap<>();
    boolean notSocialSecurity;
    boolean sfiRefused;
    boolean chained;
    int pinTries = 3;
    IntConsumer beforeRecord = rec -> { };
    private boolean selected;
    private int current;
    private byte[] pending = new byte[0];

    SimulatedSocialSecurityCard() {
        ef05.put(0x01, ascii("371500D15600000500BF7C7A48FB4966"));
        ef05.put(0x03, ascii("3.00"));
        ef05.put(0x04, ascii("37150000000000000000"));
        ef05.put(0x05, HEX.parseHex("20211231"));
        ef05.put(0x06, HEX.parseHex("20361231"));
        ef05.put(0x07, ascii("S37150012"));
        ef06.put(0x08, ascii("371502198801011234"));
        ef06.put(0x09, Arrays.copyOf("张三".getBytes(Charset.forName("GBK")), 30));
        ef06.put(0x0A, ascii("1"));
        ef06.put(0x0B, ascii("01"));
        ef06.put(0x0C, ascii("371502"));
        ef06.put(0x0D, HEX.parseHex("19880101"));
    }

    /**
     * A card for a given (fictitious) person: {@code cardNo} (6-20 letters or digits, 卡号),
     * {@code certno} (18, 社会保障号码), {@code name}, {@code sex} ("1"/"2"), {@code area}
     * (6-digit 发卡地), {@code birth}; issued 2021-12-31, valid until 2036-12-31.
     */
    public static SimulatedSocialSecurityCard of(String cardNo, String certno, String name, String sex, String area,
                                                 LocalDate birth) {
        SimulatedSocialSecurityCard card = new SimulatedSocialSecurityCard();
        card.ef05.put(0x07, ascii(cardNo));
        card.ef06.put(0x08, ascii(certno));
        card.ef06.put(0x09, Arrays.copyOf(name.getBytes(Charset.forName("GBK")), 30));
        card.ef06.put(0x0A, ascii(sex));
        card.ef06.put(0x0C, ascii(area));
        card.ef06.put(0x0D, HEX.parseHex(birth.format(BCD_DATE)));
        return card;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override public byte[] atr() {
        return HEX.parseHex("3B8880010000000000000000");
    }

    @Override public byte[] process(byte[] c) {
        int ins = c[1] & 0xFF;
        if (ins == 0xC0) {
            byte[] out = concat(pending, sw(0x9000));
            pending = new byte[0];
            return out;
        }
        return switch (ins) {
            case 0xA4 -> select(c);
            case 0xB2 -> readRecord(c[2] & 0xFF, c[3] & 0xFF);
            case 0x20 -> verify(Arrays.copyOfRange(c, 5, 5 + (c[4] & 0xFF)));
            default -> sw(0x6D00);
        };
    }

    private byte[] select(byte[] c) {
        byte[] data = Arrays.copyOfRange(c, 5, 5 + (c[4] & 0xFF));
        if (c[2] == 0x04) {
            selected = !notSocialSecurity && Arrays.equals(data, AID);
            return sw(selected ? 0x9000 : 0x6A82);
        }
        if (selected && data.length == 2 && (data[0] & 0xFF) == 0xEF && (data[1] == 5 || data[1] == 6)) {
            current = data[1];
            return sw(0x9000);
        }
        return sw(0x6A82);
    }

    private byte[] readRecord(int rec, int p2) {
        if (!selected) {
            return sw(0x6986);
        }
        int file = p2 == 0x04 ? current : p2 == 0x2C && !sfiRefused ? 5 : -1;
        Map<Integer, byte[]> records = file == 5 ? ef05 : file == 6 ? ef06 : null;
        if (records == null) {
            return sw(0x6A86);
        }
        if (!records.containsKey(rec)) {
            return sw(0x6A83);
        }
        beforeRecord.accept(rec);
        byte[] value = records.get(rec);
        byte[] tlv = concat(new byte[] {(byte) rec, (byte) value.length}, value);
        if (chained) {
            pending = tlv;
            return sw(0x6100 | tlv.length);
        }
        return concat(tlv, sw(0x9000));
    }

    private byte[] verify(byte[] pin) {
        if (pinTries == 0) {
            return sw(0x6983);
        }
        if (Arrays.equals(pin, PIN)) {
            pinTries = 3;
            return sw(0x9000);
        }
        pinTries--;
        return sw(pinTries == 0 ? 0x6983 : 0x63C0 | pinTries);
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >>> 8), (byte) sw};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
