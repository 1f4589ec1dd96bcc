package org.yibao.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A look-up by id parses the seq from the id's end (README: "a look-up parses the seq from the
 * id's end and checks the stored id"): only 1-18 ASCII digits after the last '-' name a seq.
 */
class MessageIdsTest {

    @Test
    void theSeqIsTheDigitsAfterTheLastDash() {
        assertEquals(42, MessageIds.seqOf("T01-42"));
        assertEquals(7, MessageIds.seqOf("a-b-7"), "a device id may itself hold dashes");
        assertEquals(0, MessageIds.seqOf("T01-0"));
        assertEquals(123_456_789_012_345_678L, MessageIds.seqOf("T01-123456789012345678"), "18 digits");
    }

    @Test
    void anIdThatNamesNoSeqGetsNone() {
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf(null));
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01"), "no dash");
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01-"), "no digits");
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01-1234567890123456789"), "19 digits could overflow a long");
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01-4x"));
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01-/"), "the character before '0'");
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01-:"), "the character after '9'");
        assertEquals(MessageIds.NO_SEQ, MessageIds.seqOf("T01-+5"));
    }
}
