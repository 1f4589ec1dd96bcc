package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardResponse;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.ResponseChaining;

/**
 * Spec evoucher-and-card.md §2, written from the spec's table alone: a strict card that answers
 * only the spec's APDUs byte for byte (anything else 6D00 / 6A86), with 6Cxx (resend with Le)
 * and 61xx (GET RESPONSE, in small chunks) as a real card may give them.
 */
class CardSpecApdusTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final LocalDate EXPIRY = LocalDate.of(2030, 6, 30);
    private static final String SELECT_AID = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";

    /** A card that knows only the spec's commands. */
    private static final class StrictCard {
        final Map<Integer, byte[]> ef05 = new HashMap<>();
        final Map<Integer, byte[]> ef06 = new HashMap<>();
        final List<String> sent = new ArrayList<>();
        boolean sfi = true;
        boolean wrongLe;
        boolean chained;
        boolean notSocialSecurity;
        String pinAnswer = "9000";
        private int current;
        private byte[] pending = new byte[0];

        StrictCard() {
            ef05.put(0x01, tlv(0x01, ascii("330100D156000005A1B2C3D4E5F60718")));
            ef05.put(0x03, tlv(0x03, ascii("3.00")));
            ef05.put(0x04, tlv(0x04, ascii("33010000000000000000")));
            ef05.put(0x05, tlv(0x05, HexFormat.of().parseHex("20200701")));
            ef05.put(0x06, tlv(0x06, HexFormat.of().parseHex("20300630")));
            ef05.put(0x07, tlv(0x07, ascii("A12345678")));
            ef06.put(0x08, tlv(0x08, ascii("330102199001011234")));
            ef06.put(0x09, tlv(0x09, Arrays.copyOf("李四".getBytes(Charset.forName("GBK")), 30))); // 0x00 padded
            ef06.put(0x0A, tlv(0x0A, ascii("2")));
            ef06.put(0x0B, tlv(0x0B, ascii("01")));
            ef06.put(0x0C, tlv(0x0C, ascii("330102")));
            ef06.put(0x0D, tlv(0x0D, HexFormat.of().parseHex("19900101")));
        }

        byte[] exchange(byte[] c) {
            String hex = HEX.formatHex(c);
            sent.add(hex);
            if ((c[1] & 0xFF) == 0xC0) {
                int le = c[4] == 0 ? 256 : c[4] & 0xFF;
                int n = Math.min(le, pending.length);
                byte[] chunk = Arrays.copyOf(pending, n);
                pending = Arrays.copyOfRange(pending, n, pending.length);
                return concat(chunk, pending.length == 0 ? sw(0x9000) : sw(0x6100 | Math.min(pending.length, 0xFF)));
            }
            if (hex.equals(SELECT_AID)) {
                current = 0;
                return answer(new byte[0], notSocialSecurity ? 0x6A82 : 0x9000);
            }
            if (hex.equals("00A4020002EF05")) {
                current = 5;
                return sw(0x9000);
            }
            if (hex.equals("00A4020002EF06")) {
                current = 6;
                return sw(0x9000);
            }
            if (hex.startsWith("00200000")) {
                return sw(Integer.parseInt(pinAnswer, 16));
            }
            if (c.length == 5 && (c[1] & 0xFF) == 0xB2) {
                int p2 = c[3] & 0xFF;
                Map<Integer, byte[]> file = p2 == 0x2C && sfi ? ef05 : p2 == 0x04 && current == 5 ? ef05
                        : p2 == 0x04 && current == 6 ? ef06 : null;
                if (file == null) {
                    return sw(0x6A86);
                }
                byte[] record = file.get(c[2] & 0xFF);
                if (record == null) {
                    return sw(0x6A83);
                }
                if (wrongLe && (c[4] & 0xFF) != record.length) {
                    return sw(0x6C00 | record.length);
                }
                return answer(record, 0x9000);
            }
            return sw(0x6D00);
        }

        private byte[] answer(byte[] data, int status) {
            if (chained && data.length > 0) {
                pending = data;
                return sw(0x6100 | Math.min(data.length, 0xFF));
            }
            return concat(data, sw(status));
        }

        CardSession session() {
            return new CardSession() {
                @Override public String readerName() {
                    return "strict";
                }

                @Override public byte[] atr() {
                    return new byte[] {0x3B, 0x00};
                }

                @Override public CardResponse transmit(byte[] command) throws CardReaderException {
                    return ResponseChaining.transmit(StrictCard.this::exchange, command);
                }

                @Override public boolean isCardPresent() {
                    return true;
                }

                @Override public boolean awaitRemoval(Duration timeout) {
                    return false;
                }

                @Override public void close() {
                }
            };
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] tlv(int tag, byte[] value) {
        return concat(new byte[] {(byte) tag, (byte) value.length}, value);
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >>> 8), (byte) sw};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static CardReadOutcome read(StrictCard card, LocalDate today, Optional<String> pin) {
        return new SocialSecurityCardReader().read(card.session(), today, pin);
    }

    private static CardIdentity identity(CardReadOutcome outcome) {
        return assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome.toString()).identity();
    }

    private static String code(CardReadOutcome outcome) {
        return assertInstanceOf(CardReadOutcome.Refused.class, outcome, outcome.toString()).refusal().reason().code();
    }

    @Test void readsBySfiWithTheSpecsBytes() {
        StrictCard card = new StrictCard();
        CardIdentity id = identity(read(card, EXPIRY, Optional.empty()));
        assertEquals("A12345678", id.cardNo(), "mdtrt_cert_no = 卡号");
        assertEquals("330100D156000005A1B2C3D4E5F60718", id.cardSn(), "card_sn = 卡识别码");
        assertEquals("330100", id.area());
        assertEquals("李四", id.name(), "GBK, 0x00 padded");
        assertEquals("2", id.sex());
        assertEquals(EXPIRY, id.expiryDate());
        assertEquals(LocalDate.of(1990, 1, 1), id.birthDate());
        assertEquals(SELECT_AID, card.sent.get(0));
        assertEquals("00B2012C00", card.sent.get(1));
        assertTrue(card.sent.contains("00A4020002EF06"), card.sent.toString());
        assertTrue(card.sent.contains("00B2090400"), card.sent.toString());
    }

    @Test void selectsEf05WhenSfiReadsAreRefused() {
        StrictCard card = new StrictCard();
        card.sfi = false;
        assertEquals("A12345678", identity(read(card, EXPIRY, Optional.empty())).cardNo());
        assertTrue(card.sent.contains("00A4020002EF05"), card.sent.toString());
        assertTrue(card.sent.contains("00B2070400"), card.sent.toString());
    }

    @Test void resendsWithTheLeA6CxxAsks() {
        StrictCard card = new StrictCard();
        card.wrongLe = true;
        assertEquals("李四", identity(read(card, EXPIRY, Optional.empty())).name());
        assertTrue(card.sent.contains("00B2012C22"), "6C22 → the same READ RECORD with Le 22: " + card.sent);
    }

    @Test void fetchesA61xxAnswerWithGetResponse() {
        StrictCard card = new StrictCard();
        card.chained = true;
        assertEquals("A12345678", identity(read(card, EXPIRY, Optional.empty())).cardNo());
        assertTrue(card.sent.stream().anyMatch(s -> s.startsWith("00C00000")), card.sent.toString());
    }

    @Test void theExpiryDayIsStillValidAndTheDayAfterIsNot() {
        assertEquals("A12345678", identity(read(new StrictCard(), EXPIRY, Optional.empty())).cardNo());
        assertEquals("1407", code(read(new StrictCard(), EXPIRY.plusDays(1), Optional.empty())));
    }

    @Test void everyRefusalOfTheSpecHasItsCode() {
        StrictCard other = new StrictCard();
        other.notSocialSecurity = true;
        assertEquals("1404", code(read(other, EXPIRY, Optional.empty())), "6A82 on SELECT");

        StrictCard wrongTag = new StrictCard();
        wrongTag.ef05.put(0x07, tlv(0x08, ascii("A12345678")));
        assertEquals("1406", code(read(wrongTag, EXPIRY, Optional.empty())), "tag is not the record number");

        StrictCard longLength = new StrictCard();
        byte[] record = tlv(0x07, ascii("A12345678"));
        record[1] = 20;
        longLength.ef05.put(0x07, record);
        assertEquals("1406", code(read(longLength, EXPIRY, Optional.empty())), "length byte beyond the data");

        StrictCard badBcd = new StrictCard();
        badBcd.ef06.put(0x0D, tlv(0x0D, HexFormat.of().parseHex("19901301")));
        assertEquals("1406", code(read(badBcd, EXPIRY, Optional.empty())), "month 13");

        StrictCard missing = new StrictCard();
        missing.ef06.remove(0x08);
        assertEquals("1406", code(read(missing, EXPIRY, Optional.empty())), "6A83 record not found: the card lacks data");

        StrictCard wrongPin = new StrictCard();
        wrongPin.pinAnswer = "63C2";
        CardReadOutcome outcome = read(wrongPin, EXPIRY, Optional.of("000000"));
        assertEquals("1409", code(outcome));
        assertTrue(((CardReadOutcome.Refused) outcome).refusal().detail().contains("2"), outcome.toString());

        StrictCard blocked = new StrictCard();
        blocked.pinAnswer = "6983";
        assertEquals("1408", code(read(blocked, EXPIRY, Optional.of("000000"))));
    }
}
