package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Record text and masks at their edges: padding on both sides, BCD digits 9, a 20-character 卡识别码. */
class CardParsingEdgesTest {
    @Test
    void textIsStrippedOfPaddingOnBothSides() throws Exception {
        byte[] gbk = "  张三丰".getBytes(Charset.forName("GBK"));
        byte[] padded = new byte[gbk.length + 3];
        System.arraycopy(gbk, 0, padded, 0, gbk.length);
        padded[gbk.length + 1] = (byte) 0xFF;
        assertEquals("张三丰", CardRecords.text(0x09, padded));
    }

    @Test
    void oneBcdByteOfDigitsUpToNineIsRead() throws Exception {
        Pattern twoDigits = Pattern.compile("\\d{2}");
        assertEquals("99", CardRecords.digitsOrBcd(0x0B, new byte[] {(byte) 0x99}, twoDigits));
        assertEquals("09", CardRecords.digitsOrBcd(0x0B, new byte[] {0x09}, twoDigits));
        assertThrows(MalformedRecordException.class, () -> CardRecords.digitsOrBcd(0x0B, new byte[] {0x0A}, twoDigits));
        assertThrows(MalformedRecordException.class, () -> CardRecords.digitsOrBcd(0x0B, new byte[] {(byte) 0xA0}, twoDigits));
    }

    @Test
    void aCardSnOfTwentyCharactersKeepsItsAreaAndLastFour() {
        assertEquals("371500**********1234", CardMasks.cardSn("37150012345678901234"));
        // Shorter: area and last four would show more than half, so the common number rule.
        assertEquals("3715***********1234", CardMasks.cardSn("3715001234567891234"));
    }

    @Test
    void theBirthDateIsMaskedWhole() {
        assertEquals("****-**-**", CardMasks.birthDate(LocalDate.of(1990, 1, 1)));
        assertEquals("", CardMasks.birthDate(null));
    }
}
