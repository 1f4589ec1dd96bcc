package org.yibao.drivers.printer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EscPosDecoderTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void readsAsciiOutsideChineseMode() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1b40 48 69 0a"));
        assertEquals(List.of("Hi"), d.lines());
        assertEquals(List.of(), d.notes());
    }

    @Test
    void notesGb18030BytesOutsideChineseMode() {
        DecodedReceipt d = EscPosDecoder.decode(hex("d2a9 0a"));
        assertEquals(List.of("\uFFFD\uFFFD"), d.lines());
        assertEquals(1, d.notes().size(), d.notes().toString());
    }

    @Test
    void tracksAlignmentBoldAndSize() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1b6131 1b4501 1d2111 1c26 d2a9 1c2e 0a 1b40 41 0a"));
        assertEquals("[C,B,2x2] 药\nA\n", d.transcript());
    }

    @Test
    void readsCutsInBothForms() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1d5630 1d564200 1d5601"));
        assertEquals("[CUT full]\n[CUT partial]\n[CUT partial]\n", d.transcript());
    }

    @Test
    void qrPrintWithoutStoreIsNoted() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1d286b0300315130"));
        assertEquals(List.of(), d.qrPayloads());
        assertEquals(1, d.notes().size());
    }

    @Test
    void truncatedCommandIsNotedNotThrown() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1d286b ff7f 3150"));
        assertTrue(d.notes().getFirst().startsWith("truncated"), d.notes().toString());
    }

    @Test
    void malformedGb18030InChineseModeIsNoted() {
        DecodedReceipt d = EscPosDecoder.decode(hex("1c26 d2 1c2e 0a"));
        assertEquals(1, d.lines().size());
        assertFalse(d.notes().isEmpty());
    }

    @Test
    void skipsKnownCommandsWithParameters() {
        // ESC 3 n, GS L nL nH, ESC d 2 (two blank lines), DLE EOT 1, raster image 1x1 byte
        DecodedReceipt d = EscPosDecoder.decode(hex("1b3318 1d4c0000 1b6402 100401 1d763000 0100 0100 ff 41 0a"));
        assertEquals(List.of("", "", "A"), d.lines());
        assertEquals(List.of(), d.notes());
    }

    @Property(tries = 2000)
    void anyBytesDecodeWithoutThrowing(@ForAll @Size(max = 300) byte[] junk) {
        DecodedReceipt d = EscPosDecoder.decode(junk);
        assertTrue(d.notes().size() <= 101);
    }

    @Property(tries = 300)
    void encodedTextSurvivesTheRoundTrip(@ForAll @Size(max = 40) String text) {
        String printable = text.codePoints()
                .filter(cp -> cp >= 0x20 && cp != 0x7F && !Character.isSurrogate((char) cp) && Character.isDefined(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        ReceiptDocument doc = ReceiptDocument.builder().line(printable).build();
        DecodedReceipt d = EscPosDecoder.decode(EscPosEncoder.encode(doc));
        assertEquals(List.of(((ReceiptDocument.Text) doc.elements().getFirst()).text()), d.lines());
        assertEquals(List.of(), d.notes());
    }
}
