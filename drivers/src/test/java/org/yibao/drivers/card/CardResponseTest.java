package org.yibao.drivers.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A response APDU's parts and its status word's range, at their edges (found unpinned by a mutation pass). */
class CardResponseTest {

    @Test
    void theLastTwoBytesAreTheStatusWordTheRestIsData() throws Exception {
        CardResponse r = CardResponse.parse(new byte[] {0x01, 0x02, (byte) 0x90, 0x00});
        assertArrayEquals(new byte[] {0x01, 0x02}, r.data());
        assertEquals(0x9000, r.sw());
        assertEquals(0x90, r.sw1());
        assertEquals(0x00, r.sw2());
        assertTrue(r.isOk());
        CardResponse bare = CardResponse.parse(new byte[] {(byte) 0x6A, (byte) 0x82});
        assertArrayEquals(new byte[0], bare.data(), "two bytes: a status word alone");
        assertEquals(0x6A, bare.sw1());
        assertEquals(0x82, bare.sw2(), "sw2 read unsigned");
        assertFalse(bare.isOk());
        CardFault fault = assertThrows(CardReaderException.class, () -> CardResponse.parse(new byte[] {(byte) 0x90})).fault();
        assertEquals(CardFault.PROTOCOL_ERROR, fault);
    }

    @Test
    void aStatusWordIsSixteenBits() {
        new CardResponse(new byte[0], 0);
        new CardResponse(new byte[0], 0xFFFF);
        assertThrows(IllegalArgumentException.class, () -> new CardResponse(new byte[0], -1));
        assertThrows(IllegalArgumentException.class, () -> new CardResponse(new byte[0], 0x10000));
        assertEquals(0xFF, new CardResponse(new byte[0], 0xFFFF).sw1(), "sw1 read unsigned");
    }

    @Test
    void equalResponsesHaveEqualDataAndStatusAndTheDataIsNeverShared() {
        byte[] data = {1, 2};
        CardResponse a = new CardResponse(data, 0x9000);
        data[0] = 7;
        assertArrayEquals(new byte[] {1, 2}, a.data());
        a.data()[1] = 7;
        assertArrayEquals(new byte[] {1, 2}, a.data());
        assertEquals(a, new CardResponse(new byte[] {1, 2}, 0x9000));
        assertEquals(a.hashCode(), new CardResponse(new byte[] {1, 2}, 0x9000).hashCode());
        assertNotEquals(a, new CardResponse(new byte[] {1, 2}, 0x9001));
        assertNotEquals(a, new CardResponse(new byte[] {1, 3}, 0x9000));
        assertNotEquals(a.hashCode(), new CardResponse(new byte[] {1, 2}, 0x6A82).hashCode());
    }

    @Test
    void aCaseOneCommandOfFourBytesIsSentAndAShorterOneRefused() throws Exception {
        byte[] selectMf = {0x00, (byte) 0xA4, 0x00, 0x00};
        CardResponse r = ResponseChaining.transmit(command -> {
            assertArrayEquals(selectMf, command);
            return new byte[] {(byte) 0x90, 0x00};
        }, selectMf);
        assertTrue(r.isOk());
        assertThrows(IllegalArgumentException.class, () -> ResponseChaining.transmit(c -> new byte[] {(byte) 0x90, 0}, new byte[3]));
    }
}
