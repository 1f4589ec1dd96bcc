package org.yibao.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * What a message may be called (NewMessage: type 1-64 of [A-Za-z0-9_.:-], order key 1-128 or
 * null; MessageClass: name 1-32 of [A-Za-z0-9_.-]): the type travels in every envelope and the
 * key orders a settlement and its reversal, so an invalid one is refused before anything is
 * written. Each edge of each range, found unpinned by a mutation pass.
 */
class OutboxMessageValidationTest {

    private static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    private static final byte[] PAYLOAD = {1, 2, 3};

    @Test
    void aTypeOfOneToSixtyFourAllowedCharactersIsTaken() {
        for (String type : new String[] {"a", "z", "A", "Z", "0", "9", "_", ".", ":", "-", "x".repeat(64),
                "settlement", "claim.v2:reversal-1_a"}) {
            assertEquals(type, new NewMessage(type, FREE, null, PAYLOAD).type());
        }
    }

    @Test
    void anyOtherTypeIsRefused() {
        // the characters either side of each allowed range, and the lengths either side of 1-64
        for (String type : new String[] {"@", "[", "`", "{", "/", ";", " ", ",", "中", "x".repeat(65), ""}) {
            assertThrows(IllegalArgumentException.class, () -> new NewMessage(type, FREE, null, PAYLOAD), "type '" + type + "'");
        }
        assertThrows(IllegalArgumentException.class, () -> new NewMessage(null, FREE, null, PAYLOAD));
        assertThrows(IllegalArgumentException.class, () -> new NewMessage("ok@", FREE, null, PAYLOAD), "checked to the last character");
    }

    @Test
    void anOrderKeyIsOneToOneHundredTwentyEightCharactersOrNone() {
        assertEquals("k".repeat(128), new NewMessage("t", FREE, "k".repeat(128), PAYLOAD).orderKey());
        assertEquals("k", new NewMessage("t", FREE, "k", PAYLOAD).orderKey());
        assertEquals(null, new NewMessage("t", FREE, null, PAYLOAD).orderKey());
        assertThrows(IllegalArgumentException.class, () -> new NewMessage("t", FREE, "k".repeat(129), PAYLOAD));
        assertThrows(IllegalArgumentException.class, () -> new NewMessage("t", FREE, "", PAYLOAD));
    }

    @Test
    void thePayloadIsTheCallersBytesAsTheyWereWhenAppended() {
        byte[] mine = {1, 2, 3};
        NewMessage message = new NewMessage("t", FREE, null, mine);
        mine[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, message.payload(), "a later change to the caller's array is not the message's");
        message.payload()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, message.payload(), "nor a change to a copy handed out");
        assertEquals(3, message.size());
    }

    @Test
    void aMessageClassNameIsOneToThirtyTwoAllowedCharacters() {
        assertEquals("F".repeat(32), new MessageClass("F".repeat(32), Lane.MESSAGES, true).name());
        assertThrows(IllegalArgumentException.class, () -> new MessageClass("F".repeat(33), Lane.MESSAGES, true));
        assertThrows(IllegalArgumentException.class, () -> new MessageClass("", Lane.MESSAGES, true));
        assertThrows(IllegalArgumentException.class, () -> new MessageClass(null, Lane.MESSAGES, true));
        assertThrows(IllegalArgumentException.class, () -> new MessageClass("FUND:1", Lane.MESSAGES, true));
        assertThrows(NullPointerException.class, () -> new MessageClass("FUND", null, true));
    }
}
