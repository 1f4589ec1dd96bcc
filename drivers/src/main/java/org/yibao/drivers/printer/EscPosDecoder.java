package org.yibao.drivers.printer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ESC/POS bytes back into what they print, for tests and diagnostics: text in GB18030
 * between {@code FS &} and {@code FS .}, QR payloads from {@code GS ( k}, cuts from
 * {@code GS V}, line feeds; alignment, bold and size are tracked as line styles; other known
 * commands are skipped by their length. Pure and total: any byte array (junk, truncated)
 * yields a result with notes, never an exception, in time linear in the input.
 */
public final class EscPosDecoder {
    private static final int MAX_NOTES = 100;

    private final byte[] in;
    private int pos;
    private final List<DecodedReceipt.Event> events = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private final ByteArrayOutputStream run = new ByteArrayOutputStream();
    private boolean chinese;
    private ReceiptDocument.Align align = ReceiptDocument.Align.LEFT;
    private boolean bold;
    private int widthMul = 1;
    private int heightMul = 1;
    private byte[] qrStore;

    private EscPosDecoder(byte[] in) {
        this.in = in;
    }

    /** Decodes {@code bytes} (null is read as empty). */
    public static DecodedReceipt decode(byte[] bytes) {
        EscPosDecoder d = new EscPosDecoder(bytes == null ? new byte[0] : bytes);
        d.run();
        return new DecodedReceipt(d.events, d.notes);
    }

    private void run() {
        while (pos < in.length) {
            int b = in[pos] & 0xFF;
            if (b >= 0x20) {
                run.write(b);
                pos++;
                continue;
            }
            flushRun();
            if (!control(b)) {
                break;
            }
        }
        flushRun();
        if (!line.isEmpty()) {
            note("text without a final line feed (" + line.length() + " chars)");
            endLine();
        }
    }

    /** Handles the control byte at {@code pos}; false when the input ended inside a command. */
    private boolean control(int b) {
        return switch (b) {
            case 0x0A -> { endLine(); pos++; yield true; }
            case 0x0D -> { pos++; yield true; }
            case 0x10 -> dle();
            case 0x1B -> esc();
            case 0x1C -> fs();
            case 0x1D -> gs();
            default -> { note(String.format("control byte %02X at %d ignored", b, pos)); pos++; yield true; }
        };
    }

    private boolean dle() {
        if (!need(2)) return false;
        int c = at(1);
        int len = switch (c) {
            case 0x04, 0x05 -> 3;
            case 0x14 -> 5;
            default -> 2;
        };
        if (len == 2) note(String.format("unknown DLE %02X at %d", c, pos));
        return skip(len);
    }

    private boolean esc() {
        if (!need(2)) return false;
        int c = at(1);
        switch (c) {
            case '@' -> { resetStyle(); chinese = false; return skip(2); }
            case '2', '<', 'S', 'L' -> { return skip(2); }
            case 'E', 'G' -> { if (!need(3)) return false; bold = (at(2) & 1) == 1; return skip(3); }
            case 'a' -> { if (!need(3)) return false; align = alignOf(at(2)); return skip(3); }
            case '!' -> { if (!need(3)) return false; escBang(at(2)); return skip(3); }
            case 'd' -> { if (!need(3)) return false; for (int i = 0; i < at(2); i++) endLine(); return skip(3); }
            case '-', 'M', 'J', '3', 't', 'R', 'V', '{', ' ', 'r', 'U', 'K', 'e', 'T' -> { return skip(3); }
            case '$', '\\' -> { return skip(4); }
            case 'p' -> { return skip(5); }
            case 'c' -> { return skip(4); }
            case '*' -> { return escImage(); }
            case 'D' -> { return skipUntilNul(2); }
            default -> { note(String.format("unknown ESC %02X at %d", c, pos)); return skip(2); }
        }
    }

    private boolean fs() {
        if (!need(2)) return false;
        int c = at(1);
        switch (c) {
            case '&' -> { chinese = true; return skip(2); }
            case '.' -> { chinese = false; return skip(2); }
            case '!', 'C', '-', 'W' -> { return skip(3); }
            case 'S', 'p' -> { return skip(4); }
            default -> { note(String.format("unknown FS %02X at %d", c, pos)); return skip(2); }
        }
    }

    private boolean gs() {
        if (!need(2)) return false;
        int c = at(1);
        switch (c) {
            case 'V' -> { return cut(); }
            case '!' -> {
                if (!need(3)) return false;
                widthMul = ((at(2) >> 4) & 0x07) + 1;
                heightMul = (at(2) & 0x07) + 1;
                return skip(3);
            }
            case 'B', 'H', 'h', 'w', 'f', 'a', 'r', 'b', 'E', 'I' -> { return skip(3); }
            case 'L', 'W', 'P', '$', '\\' -> { return skip(4); }
            case '(' -> { return gsParen(); }
            case 'k' -> { return barcode(); }
            case 'v' -> { return rasterImage(); }
            default -> { note(String.format("unknown GS %02X at %d", c, pos)); return skip(2); }
        }
    }

    private boolean cut() {
        if (!need(3)) return false;
        int m = at(2);
        boolean partial = m == 1 || m == 49 || m == 66 || m == 98;
        events.add(new DecodedReceipt.Cut(partial));
        return skip(m >= 65 ? 4 : 3);
    }

    /** GS ( fn pL pH data: the QR function (GS ( k, cn 49) is read, the rest skipped. */
    private boolean gsParen() {
        if (!need(5)) return false;
        int fn = at(2);
        int len = at(3) | (at(4) << 8);
        if (!need(5 + len)) return false;
        if (fn == 'k' && len >= 2 && at(5) == 49) {
            qr(at(6), pos + 7, len - 2);
        }
        return skip(5 + len);
    }

    private void qr(int function, int from, int count) {
        if (function == 80) {
            int dataFrom = from + 1;
            int dataLen = Math.max(0, count - 1);
            qrStore = java.util.Arrays.copyOfRange(in, dataFrom, dataFrom + dataLen);
        } else if (function == 81) {
            if (qrStore == null) {
                note("QR print without stored data at " + pos);
            } else {
                events.add(new DecodedReceipt.QrCode(decodeGb(qrStore)));
            }
        }
    }

    private boolean barcode() {
        if (!need(3)) return false;
        int m = at(2);
        if (m <= 6) return skipUntilNul(3);
        if (!need(4)) return false;
        return skip(4 + at(3));
    }

    private boolean rasterImage() {
        if (!need(8)) return false;
        long bytes = (long) (at(4) | (at(5) << 8)) * (at(6) | (at(7) << 8));
        return skipLong(8 + bytes);
    }

    private boolean escImage() {
        if (!need(5)) return false;
        int m = at(2);
        long dots = at(3) | (at(4) << 8);
        return skipLong(5 + dots * (m == 0 || m == 1 ? 1 : 3));
    }

    private boolean skipUntilNul(int from) {
        int i = pos + from;
        while (i < in.length && in[i] != 0) i++;
        if (i >= in.length) {
            note("command without NUL end at " + pos);
            pos = in.length;
            return false;
        }
        pos = i + 1;
        return true;
    }

    private void escBang(int n) {
        bold = (n & 0x08) != 0;
        widthMul = (n & 0x20) != 0 ? 2 : 1;
        heightMul = (n & 0x10) != 0 ? 2 : 1;
    }

    private static ReceiptDocument.Align alignOf(int n) {
        return switch (n) {
            case 1, 49 -> ReceiptDocument.Align.CENTER;
            case 2, 50 -> ReceiptDocument.Align.RIGHT;
            default -> ReceiptDocument.Align.LEFT;
        };
    }

    private void resetStyle() {
        align = ReceiptDocument.Align.LEFT;
        bold = false;
        widthMul = 1;
        heightMul = 1;
    }

    private void flushRun() {
        if (run.size() == 0) return;
        byte[] bytes = run.toByteArray();
        run.reset();
        if (chinese) {
            line.append(decodeGb(bytes));
            return;
        }
        for (byte x : bytes) {
            int v = x & 0xFF;
            if (v < 0x80) {
                line.append((char) v);
            } else {
                line.append('\uFFFD');
            }
        }
        if (hasHighByte(bytes)) note("bytes above 7F outside Chinese mode (FS &) before " + pos);
    }

    private static boolean hasHighByte(byte[] bytes) {
        for (byte x : bytes) if (x < 0) return true;
        return false;
    }

    private String decodeGb(byte[] bytes) {
        CharsetDecoder decoder = EscPosEncoder.GB18030.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            note("malformed GB18030 at " + pos);
            return new String(bytes, EscPosEncoder.GB18030);
        }
    }

    private void endLine() {
        events.add(new DecodedReceipt.Line(line.toString(), align, bold, widthMul, heightMul));
        line.setLength(0);
    }

    private int at(int offset) {
        return in[pos + offset] & 0xFF;
    }

    private boolean need(int n) {
        if (pos + n <= in.length) return true;
        note("truncated command at " + pos + " (" + (in.length - pos) + " of " + n + " bytes)");
        pos = in.length;
        return false;
    }

    private boolean skip(int n) {
        if (!need(n)) return false;
        pos += n;
        return true;
    }

    private boolean skipLong(long n) {
        if (pos + n > in.length) {
            note("truncated data at " + pos + " (" + (in.length - pos) + " of " + n + " bytes)");
            pos = in.length;
            return false;
        }
        pos += (int) n;
        return true;
    }

    private void note(String text) {
        if (notes.size() < MAX_NOTES) {
            notes.add(text);
        } else if (notes.size() == MAX_NOTES) {
            notes.add("more notes left out");
        }
    }
}
