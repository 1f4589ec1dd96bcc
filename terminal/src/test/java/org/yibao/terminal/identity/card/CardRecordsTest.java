package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CardRecordsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test void valueChecksTagAndLength() throws Exception {
        assertArrayEquals(HEX.parseHex("3100"), CardRecords.value(0x0A, HEX.parseHex("0A023100")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x0A, HEX.parseHex("0B0131")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x0A, HEX.parseHex("0A0531")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x0A, HEX.parseHex("0A")));
    }

    /**
     * Spec §2: a record answers {@code <tag = rec no> <len> <value>} then 90 00, so bytes after the
     * value other than a fixed-length record's fill mean the length byte disagrees with the record:
     * malformed, not cut short.
     */
    @Test void bytesAfterTheValueAreMalformed() {
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x0A, HEX.parseHex("0A013131")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x09, HEX.parseHex("0902D5C5C8FD")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x0A, HEX.parseHex("0A0031")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.value(0x0A, HEX.parseHex("0A01310020")), "fill, then more");
    }

    /** A fixed-length record comes whole: its 0x00 / 0xFF fill after the value is not part of the value. */
    @Test void theFillOfAFixedLengthRecordIsNotPartOfTheValue() throws Exception {
        assertArrayEquals(HEX.parseHex("31"), CardRecords.value(0x0A, HEX.parseHex("0A01310000")));
        assertArrayEquals(HEX.parseHex("D5C5C8FD"), CardRecords.value(0x09, HEX.parseHex("0904D5C5C8FDFFFFFF")));
    }

    @Test void textStripsSpaceAndZeroPadding() throws Exception {
        byte[] name = "张三".getBytes(Charset.forName("GBK"));
        byte[] padded = HEX.parseHex(HEX.formatHex(name) + "20200000");
        assertEquals("张三", CardRecords.text(9, padded));
        assertThrows(MalformedRecordException.class, () -> CardRecords.text(9, HEX.parseHex("20200000")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.text(9, HEX.parseHex("D5")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.text(9, HEX.parseHex("41074200")));
    }

    @Test void asciiMustMatchItsShape() throws Exception {
        assertEquals("01", CardRecords.ascii(0x0B, HEX.parseHex("3031"), Pattern.compile("[0-9]{2}")));
        assertThrows(MalformedRecordException.class,
                () -> CardRecords.ascii(0x0B, HEX.parseHex("3041"), Pattern.compile("[0-9]{2}")));
    }

    @Test void bcdDates() throws Exception {
        assertEquals(LocalDate.of(2036, 12, 31), CardRecords.bcdDate(6, HEX.parseHex("20361231")));
        assertEquals(LocalDate.of(2024, 2, 29), CardRecords.bcdDate(6, HEX.parseHex("20240229")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.bcdDate(6, HEX.parseHex("20230229")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.bcdDate(6, HEX.parseHex("203612")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.bcdDate(6, HEX.parseHex("20361A31")));
        assertThrows(MalformedRecordException.class, () -> CardRecords.bcdDate(6, HEX.parseHex("2036123100")));
    }

    @Test void apdusFollowTheSpec() {
        HexFormat upper = HexFormat.of().withUpperCase();
        assertEquals("00A404000F7378312E73682EC9E7BBE1B1A3D5CF", upper.formatHex(CardApdus.selectApplication()));
        assertEquals("00A4020002EF06", upper.formatHex(CardApdus.selectFile(CardApdus.EF06)));
        assertEquals("00B2012C00", upper.formatHex(CardApdus.readRecordBySfi(1, CardApdus.SFI_EF05)));
        assertEquals("00B2090400", upper.formatHex(CardApdus.readRecord(9)));
        assertEquals("0020000003123456", upper.formatHex(CardApdus.verifyPin("123456")));
        assertEquals("002000000312345F", upper.formatHex(CardApdus.verifyPin("12345")));
    }

    @Test void masks() {
        assertEquals("S******12", CardMasks.cardNo("S37150012"));
        assertEquals("371500**********************4966", CardMasks.cardSn("371500D15600000500BF7C7A48FB4966"));
        assertEquals("3715**********1234", CardMasks.certno("371502198801011234"));
        assertEquals("张*丰", CardMasks.name("张三丰"));
    }

    /**
     * The reader takes a 卡识别码 of 10 to 64 characters ([0-9]{6} and 4 to 58 more): a short one
     * must not keep its area (6) and last 4 characters, which leave almost nothing hidden.
     */
    @Test void shortCardSnsKeepAtLeastHalfHidden() {
        for (String cardSn : new String[] {"371500ABCDE", "371500ABCDEFGH", "371500ABCDEFGHIJKLM"}) {
            String masked = CardMasks.cardSn(cardSn);
            long hidden = masked.chars().filter(c -> c == '*').count();
            assertTrue(2 * hidden >= cardSn.length(), cardSn + " masked as " + masked + " shows more than it hides");
        }
    }
}
