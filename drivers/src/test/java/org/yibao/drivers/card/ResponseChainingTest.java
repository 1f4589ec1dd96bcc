package org.yibao.drivers.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseChainingTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** A card that answers from a script and records what it was sent. */
    private static final class ScriptedCard implements ResponseChaining.RawExchange {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();

        ScriptedCard(String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override public byte[] exchange(byte[] command) {
            sent.add(HEX.formatHex(command));
            return HEX.parseHex(answers.isEmpty() ? "6F00" : answers.removeFirst());
        }
    }

    @Test void finalAnswerPassesThrough() throws Exception {
        ScriptedCard card = new ScriptedCard("0102039000");
        CardResponse r = ResponseChaining.transmit(card, HEX.parseHex("00B2012C00"));
        assertArrayEquals(HEX.parseHex("010203"), r.data());
        assertEquals(0x9000, r.sw());
        assertEquals(List.of("00B2012C00"), card.sent);
    }

    @Test void moreDataIsFetchedWithGetResponseUntilTheEnd() throws Exception {
        ScriptedCard card = new ScriptedCard("6105", "AABB6103", "CCDDEE9000");
        CardResponse r = ResponseChaining.transmit(card, HEX.parseHex("00B2090400"));
        assertArrayEquals(HEX.parseHex("AABBCCDDEE"), r.data());
        assertEquals(0x9000, r.sw());
        assertEquals(List.of("00B2090400", "00C0000005", "00C0000003"), card.sent);
    }

    @Test void wrongLeIsResentWithTheLengthTheCardAsked() throws Exception {
        ScriptedCard card = new ScriptedCard("6C06", "0904D5C5C8FD9000");
        CardResponse r = ResponseChaining.transmit(card, HEX.parseHex("00B2090400"));
        assertEquals(List.of("00B2090400", "00B2090406"), card.sent);
        assertArrayEquals(HEX.parseHex("0904D5C5C8FD"), r.data());
    }

    /**
     * 6Cxx asks to resend the command it answered with Le = xx: after a GET RESPONSE that is the
     * GET RESPONSE, not the first command (re-reading the record would collect its start twice).
     */
    @Test void wrongLeOnAGetResponseResendsTheGetResponse() throws Exception {
        ScriptedCard card = new ScriptedCard("6108", "0904D5C56104", "6C02", "C8FD9000");
        CardResponse r = ResponseChaining.transmit(card, HEX.parseHex("00B2090400"));
        assertEquals(List.of("00B2090400", "00C0000008", "00C0000004", "00C0000002"), card.sent);
        assertArrayEquals(HEX.parseHex("0904D5C5C8FD"), r.data());
        assertEquals(0x9000, r.sw());
    }

    @Test void errorStatusIsReturnedNotThrown() throws Exception {
        CardResponse r = ResponseChaining.transmit(new ScriptedCard("6A82"), HEX.parseHex("00A4040002EF05"));
        assertEquals(0x6A82, r.sw());
        assertEquals(0, r.data().length);
    }

    @Test void endlessChainingIsAProtocolError() {
        ScriptedCard card = new ScriptedCard();
        for (int i = 0; i <= ResponseChaining.MAX_ROUNDS; i++) {
            card.answers.add("6101");
        }
        CardReaderException e = assertThrows(CardReaderException.class,
                () -> ResponseChaining.transmit(card, HEX.parseHex("00B2010400")));
        assertEquals(CardFault.PROTOCOL_ERROR, e.fault());
    }

    @Test void responseWithoutStatusWordIsAProtocolError() {
        CardReaderException e = assertThrows(CardReaderException.class,
                () -> ResponseChaining.transmit(new ScriptedCard("90"), HEX.parseHex("00B2010400")));
        assertEquals(CardFault.PROTOCOL_ERROR, e.fault());
    }

    @Test void leIsReplacedOrAppendedForEveryCommandCase() {
        assertEquals("00B2010410", HEX.formatHex(ResponseChaining.withLe(HEX.parseHex("00B20104"), 0x10)));
        assertEquals("00B2010410", HEX.formatHex(ResponseChaining.withLe(HEX.parseHex("00B2010400"), 0x10)));
        assertEquals("00A4020002EF0510", HEX.formatHex(ResponseChaining.withLe(HEX.parseHex("00A4020002EF05"), 0x10)));
        assertEquals("00A4020002EF0510", HEX.formatHex(ResponseChaining.withLe(HEX.parseHex("00A4020002EF0500"), 0x10)));
    }

    @Test void getResponseKeepsTheLogicalChannel() {
        assertEquals("01C0000020", HEX.formatHex(ResponseChaining.getResponse((byte) 0x01, 0x20)));
    }

    @Test void responseToStringNeverShowsData() {
        CardResponse r = new CardResponse(HEX.parseHex("D5C5C8FD"), 0x9000);
        assertEquals("CardResponse[sw=9000, 4 data bytes]", r.toString());
    }
}
