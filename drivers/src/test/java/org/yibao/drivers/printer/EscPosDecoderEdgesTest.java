package org.yibao.drivers.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each command the decoder knows is skipped by exactly its length (a parameter byte of '0' left
 * behind would print, a byte too many would eat the text after it), and the styles it tracks
 * read their bits as ESC/POS defines them. Golden receipts and the self-test transcript rely on
 * this; a mutation pass found most lengths and style bits pinned by no test.
 */
class EscPosDecoderEdgesTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** {@code command} then "A" LF decodes to the one line "A", with no notes. */
    private static void skipsExactly(String command) {
        DecodedReceipt d = EscPosDecoder.decode(hex(command + " 41 0a"));
        assertEquals("A\n", d.transcript(), command);
    }

    @Test
    void everyKnownCommandIsSkippedByItsLength() {
        for (String command : List.of(
                // ESC: 2, 3, 4 and 5 bytes
                "1b32", "1b3c", "1b53", "1b4c",
                "1b2d30", "1b4d30", "1b4a30", "1b3330", "1b7430", "1b5230", "1b5630", "1b7b30", "1b2030", "1b7230",
                "1b5530", "1b4b30", "1b6530", "1b5430",
                "1b243030", "1b5c3030", "1b633030", "1b70303030",
                // ESC * bit image: 1 byte a dot in 8-dot modes 0 and 1, 3 bytes in 24-dot modes
                "1b2a00 0200 3030", "1b2a01 0200 3030", "1b2a21 0200 303030303030",
                // ESC D tab stops up to NUL
                "1b44 303030 00",
                // FS: 2, 3 and 4 bytes
                "1c2130", "1c4330", "1c2d30", "1c5730", "1c533030", "1c703030",
                // GS: 3 and 4 bytes
                "1d4230", "1d4830", "1d6830", "1d7730", "1d6630", "1d6130", "1d7230", "1d6230", "1d4530", "1d4930",
                "1d4c3030", "1d573030", "1d503030", "1d243030", "1d5c3030",
                // GS ( fn pL pH: 5 + p bytes (not QR)
                "1d284c 0300 303030", "1d286b 0100 30",
                // GS k: NUL-ended forms 0-6, counted forms from 7 on
                "1d6b 06 3030 00", "1d6b 07 02 3030", "1d6b 49 03 303030",
                // GS v 0 raster: xL xH yL yH, x times y bytes
                "1d7630 30 0200 0300 303030303030",
                // DLE EOT / ENQ n: 3 bytes; DLE DC4 fn m t: 5 bytes
                "100401", "100501", "1014 01 01 01")) {
            skipsExactly(command);
        }
    }

    @Test
    void aCutFromFunctionBOnTakesItsFeedByte() {
        // GS V m: m 0, 1, 48, 49 (3 bytes); m 65, 66, 97, 98 (4 bytes, the feed n)
        assertEquals("[CUT full]\n[CUT partial]\n[CUT full]\n[CUT partial]\n[CUT full]\n[CUT partial]\n[CUT full]\n[CUT partial]\nA\n",
                EscPosDecoder.decode(hex("1d5600 1d5601 1d5630 1d5631 1d564130 1d564230 1d566130 1d566230 41 0a")).transcript());
        assertEquals("[CUT full]\n0A\n", EscPosDecoder.decode(hex("1d5640 30 41 0a")).transcript(), "64 takes no feed byte");
    }

    @Test
    void theStylesReadTheirOwnBits() {
        assertEquals("[C] a\n[R] b\n[C] c\n[R] d\ne\n",
                EscPosDecoder.decode(hex("1b6101 61 0a 1b6102 62 0a 1b6131 63 0a 1b6132 64 0a 1b6103 65 0a")).transcript());
        assertEquals("[B] a\nb\n[B] c\n",
                EscPosDecoder.decode(hex("1b4501 61 0a 1b4502 62 0a 1b4703 63 0a")).transcript(), "ESC E / ESC G: bit 0");
        // ESC ! n: bit 3 bold, bit 4 double height, bit 5 double width
        assertEquals("[B] a\n[1x2] b\n[2x1] c\nd\n",
                EscPosDecoder.decode(hex("1b2108 61 0a 1b2110 62 0a 1b2120 63 0a 1b2107 64 0a")).transcript());
        // GS ! n: width (bits 4-6) and height (bits 0-2) each 1-8
        assertEquals("[8x8] a\n[1x3] b\n[4x1] c\n",
                EscPosDecoder.decode(hex("1d2177 61 0a 1d2102 62 0a 1d2130 63 0a")).transcript());
        assertEquals("x\n", EscPosDecoder.decode(hex("1b6101 1b4501 1d2111 1b40 78 0a")).transcript(), "ESC @ resets every style");
    }

    @Test
    void escDPrintsThatManyLinesAndCarriageReturnPrintsNothing() {
        DecodedReceipt d = EscPosDecoder.decode(hex("41 0d 0a 1b6403 42 0d 0a"));
        assertEquals(List.of("A", "", "", "", "B"), d.lines());
        assertEquals(List.of(), d.notes());
    }

    @Test
    void aStoredQrIsPrintedWithItsPayload() {
        // GS ( k pL pH 49 80 48 data (store), then GS ( k 03 00 49 81 48 (print)
        DecodedReceipt d = EscPosDecoder.decode(hex("1d286b 0600 3150 30 414243 1d286b 0300 3151 30"));
        assertEquals(List.of("ABC"), d.qrPayloads());
        assertEquals(List.of(), d.notes());
        DecodedReceipt empty = EscPosDecoder.decode(hex("1d286b 0300 3150 30 1d286b 0300 3151 30"));
        assertEquals(List.of(""), empty.qrPayloads(), "a store of no data prints an empty code");
        DecodedReceipt other = EscPosDecoder.decode(hex("1d286b 0300 3143 30 1d286b 0300 3251 30 41 0a"));
        assertEquals(List.of(), other.qrPayloads(), "another QR function, or a 2D code other than QR, prints nothing");
        assertEquals("A\n", other.transcript());
        DecodedReceipt tooShort = EscPosDecoder.decode(hex("1d286b 0100 31 51 0a"));
        assertEquals("Q\n", tooShort.transcript(), "a QR command of one byte has no function byte: the Q after it is text");
    }

    @Test
    void unknownCommandsAreNotedAndSkippedByTwoBytes() {
        assertEquals(List.of("A"), EscPosDecoder.decode(hex("1b01 1c01 1d01 1001 41 0a")).lines());
        assertEquals(List.of("unknown ESC 01 at 0", "unknown FS 01 at 2", "unknown GS 01 at 4", "unknown DLE 01 at 6"),
                EscPosDecoder.decode(hex("1b01 1c01 1d01 1001 41 0a")).notes());
        assertEquals(List.of("control byte 07 at 1 ignored"), EscPosDecoder.decode(hex("41 07 0a")).notes());
    }

    @Test
    void notesStopAtAHundredAndSayMoreWereLeftOut() {
        DecodedReceipt d = EscPosDecoder.decode(new byte[150]); // 150 NUL bytes: one note each
        assertEquals(101, d.notes().size());
        assertEquals("control byte 00 at 99 ignored", d.notes().get(99));
        assertEquals("more notes left out", d.notes().get(100));
    }

    @Test
    void truncationInsideEachCommandIsNoted() {
        for (String truncated : List.of("1b", "1b45", "1b61", "1b21", "1b64", "1c", "1d", "1d21", "1d56", "1d2830", "1d28 6b 0500 31",
                "1d6b", "1d6b 49", "1d7630 30 0100", "1b2a 00 01", "1b2a 00 0500 30", "1d6b 04 3030", "10", "1b44 30")) {
            DecodedReceipt d = EscPosDecoder.decode(hex(truncated));
            assertEquals(1, d.notes().size(), truncated + ": " + d.notes());
        }
    }

    @Test
    void textAtTheEndWithoutALineFeedStillPrintsAndIsNoted() {
        DecodedReceipt d = EscPosDecoder.decode(hex("41 42"));
        assertEquals(List.of("AB"), d.lines());
        assertEquals(List.of("text without a final line feed (2 chars)"), d.notes());
    }

    @Test
    void sizesReadTheirHighBytesAndDataEndingTheInputExactlyIsWhole() {
        // GS v 0 with xH = 1 (256 bytes a row), one row; ESC * with nH = 1 (256 dots)
        skipsExactly("1d7630 30 0001 0100 " + "30".repeat(256));
        skipsExactly("1b2a00 0001 " + "30".repeat(256));
        assertEquals(List.of(), EscPosDecoder.decode(hex("1d7630 30 0100 0100 30")).notes(), "an image ending the input exactly is not truncated");
    }

    @Test
    void aByteOf80OutsideChineseModeIsAMissingMark() {
        assertEquals(List.of("\uFFFD"), EscPosDecoder.decode(hex("80 0a")).lines());
        assertEquals(List.of("~"), EscPosDecoder.decode(hex("7e 0a")).lines());
    }

    @Test
    void malformedGb18030StillPrintsWhatCanBeRead() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1c26 41 d2 1c2e 0a"));
        assertTrue(d.lines().getFirst().startsWith("A"), d.lines().toString());
    }

    @Test
    void aQrPrintOfTwoBytesPrintsTheStoredCode() {
        assertEquals(List.of("ABC"), EscPosDecoder.decode(hex("1d286b 0600 3150 30 414243 1d286b 0200 3151")).qrPayloads());
    }

    @Test
    void linesAreOnlyTheLines() {
        assertEquals(List.of("A"), EscPosDecoder.decode(hex("1d5630 41 0a 1d286b 0400 3150 30 41 1d286b 0300 3151 30")).lines());
    }
}
