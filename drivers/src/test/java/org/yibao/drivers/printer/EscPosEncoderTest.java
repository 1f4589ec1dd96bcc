package org.yibao.drivers.printer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EscPosEncoderTest {

    @Test
    void chineseTextIsGb18030BetweenFsAmpersandAndFsDot() {
        byte[] bytes = EscPosEncoder.encode(ReceiptDocument.builder().line("药").build());
        // ESC @, style bytes, FS &, 药 = D2 A9 in GB18030, FS ., LF
        String hex = HexFormat.of().formatHex(bytes);
        assertTrue(hex.startsWith("1b40"), hex);
        assertTrue(hex.contains("1c26d2a91c2e0a"), hex);
    }

    @Test
    void yenSignIsPrintedAsFullWidthYuanSign() {
        byte[] bytes = EscPosEncoder.encode(ReceiptDocument.builder().line("¥5").build());
        String hex = HexFormat.of().formatHex(bytes);
        assertTrue(hex.contains("1c26a3a4351c2e"), "￥ is A3 A4 in GB18030: " + hex);
        assertFalse(hex.contains("81308436"), "the 4-byte GB18030 ¥ must never be sent: " + hex);
        assertEquals(List.of("￥5"), EscPosDecoder.decode(bytes).lines());
    }

    /**
     * A rare 汉字 of a name (𬌗, U+2C317), an emoji, a combining accent and a broken surrogate are
     * four bytes (or nothing) in GB18030: a printer's two-byte Chinese font would print two wrong
     * glyphs and the digits 0-9 between them. Each prints as □, two columns like any 汉字, so the
     * line keeps the width the layout counted.
     */
    @Test
    void charactersOutsideThePrintersTwoByteSetPrintAsMissingMarks() {
        String text = "王𬌗 😀 e\u0301 \uD800X";
        byte[] bytes = EscPosEncoder.encode(ReceiptDocument.builder().line(text).build());
        String hex = HexFormat.of().formatHex(bytes);
        int from = hex.indexOf("1c26") + 4;
        String sent = hex.substring(from, hex.indexOf("1c2e", from));
        assertEquals(HexFormat.of().formatHex("王□ □ e□ □X".getBytes(EscPosEncoder.GB18030)), sent);
        assertEquals(List.of("王□ □ e□ □X"), EscPosDecoder.decode(bytes).lines());
        assertEquals(TextWidth.of(text), TextWidth.of(EscPosDecoder.decode(bytes).lines().getFirst()));
        assertArrayEquals(bytes, EscPosEncoder.encode(ReceiptDocument.builder().line(text).build()),
                "the second time, from the kept answers, the same bytes");
    }

    @Test
    void controlCharactersInTextCannotInjectCommands() {
        // a drug name carrying "GS V" (cut) and "ESC @" must print as text, not act
        byte[] bytes = EscPosEncoder.encode(ReceiptDocument.builder().line("药\u001DV1\u001B@\n名").build());
        DecodedReceipt d = EscPosDecoder.decode(bytes);
        assertEquals(List.of("药 V1 @ 名"), d.lines());
        assertEquals(0, d.cuts());
    }

    @Test
    void qrStoreLengthCountsBytes() {
        byte[] qr = EscPosEncoder.qrBytes("ABC123", 6);
        String hex = HexFormat.of().formatHex(qr);
        // store: GS ( k pL pH 31 50 30 + data; pL = 6 + 3
        assertTrue(hex.contains("1d286b0900315030414243313233"), hex);
        assertTrue(hex.endsWith("1d286b0300315130"), "print function last: " + hex);
    }

    @Test
    void qrPayloadMustBePrintableAscii() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Qr("结算123", 6));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Qr("", 6));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Qr("A\nB", 6));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Qr("A".repeat(1025), 6));
    }

    @Test
    void longQrPayloadUsesHighLengthByte() {
        String payload = "9".repeat(300);
        DecodedReceipt decoded = EscPosDecoder.decode(EscPosEncoder.qrBytes(payload, 4));
        assertEquals(List.of(payload), decoded.qrPayloads());
        assertEquals(List.of(), decoded.notes());
    }

    @Test
    void cutIsGsVPartial() {
        byte[] bytes = EscPosEncoder.encode(ReceiptDocument.builder().cut().build());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {0x1B, 0x40, 0x1D, 0x56, 0x31});
        assertArrayEquals(expected.toByteArray(), bytes);
    }

    @Test
    void documentDecodesBackToWhatWasLaidOut() {
        DecodedReceipt decoded = EscPosDecoder.decode(EscPosEncoder.encode(Documents.sample()));
        assertEquals("""
                [C,B] 医保结算单
                阿莫西林胶囊 甲 ￥12.50
                total 12.50 元
                [QR SETL-0001]
                
                
                [CUT partial]
                """, decoded.transcript());
    }

    @Test
    void textWidthCountsCjkAsTwoColumns() {
        assertEquals(0, TextWidth.of(""));
        assertEquals(5, TextWidth.of("12.50"));
        assertEquals(4, TextWidth.of("甲类"));
        assertEquals(2, TextWidth.of("￥"));
        assertEquals(2, TextWidth.of("𠀀"), "a supplementary character is one code point, two columns");
        assertEquals(7, TextWidth.of("甲 ￥12"));
    }
}
