package org.yibao.terminal.privacy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskingTest {

    @Test
    void namesKeepFirstAndLastCharacter() {
        assertEquals("张*三", Masking.name("张某三"));
        assertEquals("张*", Masking.name("张三"));
        assertEquals("*", Masking.name("张"));
        assertEquals("欧**娜", Masking.name("欧阳娜娜"));
        assertEquals("𠀀*三", Masking.name("𠀀某三"), "a supplementary character is one character");
        assertEquals("", Masking.name(null));
        assertEquals("", Masking.name("  "));
    }

    @Test
    void numbersKeepFirstFourAndLastFour() {
        assertEquals("3715**********1234", Masking.number("371523199001011234"));
        assertEquals("M1******8X", Masking.number("M12345678X"), "first 4 and last 4 would show 8 of 10");
        assertEquals("H1*****78", Masking.number("H12345678"));
        assertEquals("M1******8X", Masking.number(Masking.number("M12345678X")));
        assertEquals("********", Masking.number("12345678"));
        assertEquals("***", Masking.number("123"));
        assertEquals("", Masking.number(null));
    }

    @Test
    void cardNumbersKeepTheirFirstCharacterAndLastTwo() {
        assertEquals("D******01", Masking.cardNo("D37150201"), "first 4 and last 4 would show 8 of 9");
        assertEquals("M*******8X", Masking.cardNo("M12345678X"));
        assertEquals("M*******8X", Masking.cardNo(Masking.cardNo("M12345678X")));
        assertEquals("***", Masking.cardNo("D37"));
        assertEquals("", Masking.cardNo(null));
    }

    /** A card number the host sends may be short (4-5 characters): the first and last two would show most of it. */
    @Test
    void shortCardNumbersKeepAtLeastHalfHidden() {
        for (String cardNo : new String[] {"D123", "D1234", "D12345"}) {
            String masked = Masking.cardNo(cardNo);
            long hidden = masked.chars().filter(c -> c == '*').count();
            assertTrue(2 * hidden >= cardNo.length(), cardNo + " masked as " + masked + " shows more than it hides");
        }
    }

    /** "fewer than 6 are masked whole": six characters already keep the first and last two. */
    @Test
    void aSixCharacterCardNumberKeepsItsEnds() {
        assertEquals("D***45", Masking.cardNo("D12345"));
        assertEquals("*****", Masking.cardNo("D1234"));
    }

    @Test
    void maskingIsIdempotent() {
        assertEquals("张*三", Masking.name(Masking.name("张某三")));
        assertEquals("3715**********1234", Masking.number(Masking.number("371523199001011234")));
    }
}
