package org.yibao.drivers.printer;

import com.github.anastaciocintra.escpos.EscPos;
import com.github.anastaciocintra.escpos.EscPosConst;
import com.github.anastaciocintra.escpos.Style;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link ReceiptDocument} into the ESC/POS bytes a Chinese thermal printer prints.
 * Pure: it writes into memory only. escpos-coffee supplies initialisation, styles, feeds and
 * the cut; this class adds what escpos-coffee 4.1.0 lacks:
 * <ul>
 * <li>each text line is GB18030, wrapped in {@code FS &} (1C 26) / {@code FS .} (1C 2E) so
 *     the printer is in Chinese mode while it prints it;</li>
 * <li>QR codes are written as {@code GS ( k} with the store length counted in bytes
 *     (escpos-coffee's QRCode counts characters).</li>
 * </ul>
 */
public final class EscPosEncoder {
    /** The encoding of every text byte sent to the printer. */
    public static final Charset GB18030 = Charset.forName("GB18030");

    static final byte FS = 0x1C;
    static final byte GS = 0x1D;

    private EscPosEncoder() {
    }

    /** The ESC/POS bytes of the document, starting with ESC @. */
    public static byte[] encode(ReceiptDocument document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (EscPos escpos = new EscPos(out)) {
            escpos.setCharsetName(GB18030.name());
            escpos.initializePrinter();
            for (ReceiptDocument.Element element : document.elements()) {
                write(escpos, element);
            }
            escpos.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void write(EscPos escpos, ReceiptDocument.Element element) throws IOException {
        switch (element) {
            case ReceiptDocument.Text t -> writeText(escpos, t);
            case ReceiptDocument.Qr q -> writeQr(escpos, q);
            case ReceiptDocument.Feed f -> escpos.feed(f.lines());
            case ReceiptDocument.Cut c -> escpos.cut(EscPos.CutMode.PART);
        }
    }

    private static void writeText(EscPos escpos, ReceiptDocument.Text t) throws IOException {
        Style style = new Style()
                .setJustification(justification(t.align()))
                .setBold(t.bold())
                .setFontSize(Style.FontSize._1, t.doubleHeight() ? Style.FontSize._2 : Style.FontSize._1);
        writeAll(escpos, style.getConfigBytes());
        escpos.write(FS).write(0x26);
        writeAll(escpos, t.text().getBytes(GB18030));
        escpos.write(FS).write(0x2E);
        escpos.write(0x0A);
    }

    private static void writeQr(EscPos escpos, ReceiptDocument.Qr q) throws IOException {
        writeAll(escpos, new Style().setJustification(EscPosConst.Justification.Center).getConfigBytes());
        writeAll(escpos, qrBytes(q.payload(), q.moduleSize()));
    }

    /**
     * The GS ( k sequence that prints {@code payload} as a QR code (model 2, error level M):
     * select model, module size, error level, store (length = payload bytes + 3), print.
     */
    public static byte[] qrBytes(String payload, int moduleSize) {
        byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
        int storeLen = data.length + 3;
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
        out.writeBytes(new byte[] {GS, '(', 'k', 4, 0, 49, 65, 50, 0});
        out.writeBytes(new byte[] {GS, '(', 'k', 3, 0, 49, 67, (byte) moduleSize});
        out.writeBytes(new byte[] {GS, '(', 'k', 3, 0, 49, 69, 49});
        out.writeBytes(new byte[] {GS, '(', 'k', (byte) (storeLen & 0xFF), (byte) (storeLen >>> 8), 49, 80, 48});
        out.writeBytes(data);
        out.writeBytes(new byte[] {GS, '(', 'k', 3, 0, 49, 81, 48});
        return out.toByteArray();
    }

    private static EscPosConst.Justification justification(ReceiptDocument.Align align) {
        return switch (align) {
            case LEFT -> EscPosConst.Justification.Left_Default;
            case CENTER -> EscPosConst.Justification.Center;
            case RIGHT -> EscPosConst.Justification.Right;
        };
    }

    private static void writeAll(EscPos escpos, byte[] bytes) throws IOException {
        escpos.write(bytes, 0, bytes.length);
    }
}
