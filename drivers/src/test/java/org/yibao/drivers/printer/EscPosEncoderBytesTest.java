package org.yibao.drivers.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bytes a printer gets for a QR code (the decoder reads only store and print, so the model,
 * module size and error level were pinned by nothing) and the documented ranges of the elements
 * a receipt is made of. Found unpinned by a mutation pass.
 */
class EscPosEncoderBytesTest {

    @Test
    void aQrCodeIsModel2ItsModuleSizeErrorLevelMThenStoreAndPrint() {
        assertEquals(("1d286b 0400 31 41 32 00" + "1d286b 0300 31 43 04" + "1d286b 0300 31 45 31"
                        + "1d286b 0500 31 50 30 4142" + "1d286b 0300 31 51 30").replace(" ", ""),
                spaced(EscPosEncoder.qrBytes("AB", 4)));
    }

    @Test
    void theElementsRefuseWhatTheirDocumentedRangesLeaveOut() {
        new ReceiptDocument.Feed(1);
        new ReceiptDocument.Feed(255);
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Feed(0));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Feed(256));
        new ReceiptDocument.Qr("x", 1);
        new ReceiptDocument.Qr("x", 16);
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Qr("x", 0));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptDocument.Qr("x", 17));
        assertTrue(ReceiptDocument.Qr.isPrintableAscii(" ~"));
        assertTrue(ReceiptDocument.Qr.isPrintableAscii("x".repeat(ReceiptDocument.Qr.MAX_PAYLOAD)));
        assertFalse(ReceiptDocument.Qr.isPrintableAscii("x".repeat(ReceiptDocument.Qr.MAX_PAYLOAD + 1)));
        assertFalse(ReceiptDocument.Qr.isPrintableAscii("\u001f"));
        assertFalse(ReceiptDocument.Qr.isPrintableAscii("\u007f"));
        assertFalse(ReceiptDocument.Qr.isPrintableAscii(""));
    }

    private static String spaced(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
