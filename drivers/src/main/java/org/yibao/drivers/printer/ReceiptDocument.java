package org.yibao.drivers.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A receipt laid out for a printer, independent of the wire: text lines with simple styles,
 * QR codes, paper feeds and a cut. Immutable. The layout (columns, wrapping) is the
 * caller's; the encoder only turns it into ESC/POS bytes.
 */
public record ReceiptDocument(List<Element> elements) {

    public ReceiptDocument {
        elements = List.copyOf(elements);
    }

    /** Horizontal alignment of a line, as ESC a sets it. */
    public enum Align { LEFT, CENTER, RIGHT }

    /** One printable element. */
    public sealed interface Element permits Text, Qr, Feed, Cut {
    }

    /**
     * One line of text. Control characters (line breaks, tabs, ESC and the like) become
     * spaces, so text from outside (a drug name) can never inject a printer command; "¥"
     * (U+00A5) becomes "￥": the printer's Chinese font has no single-byte yen. A character
     * that GB18030 can only write in four bytes (a rare 汉字 of a name such as 𬌗, an emoji, a
     * combining accent) becomes {@value #MISSING}, the usual mark for a character the font
     * lacks: a thermal printer's Chinese font is the two-byte set (GB2312/GBK), which prints
     * the four bytes as two wrong glyphs with stray digits between them (the second and fourth
     * byte are ASCII 0-9), and the line no longer fits its columns.
     */
    public record Text(String text, Align align, boolean bold, boolean doubleHeight) implements Element {
        public Text {
            Objects.requireNonNull(align, "align");
            text = clean(text);
        }

        /** What a character outside the printer's two-byte set prints as. */
        public static final String MISSING = "□";

        private static String clean(String text) {
            if (text == null) return "";
            StringBuilder sb = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> sb.appendCodePoint(
                    Character.isISOControl(cp) ? ' ' : cp == 0xA5 ? 0xFFE5 : printable(cp) ? cp : MISSING.codePointAt(0)));
            return sb.toString();
        }

        /** Per BMP code point: 0 not yet asked, {@link #TWO_BYTES} or {@link #OTHER}. */
        private static final byte[] GB18030_WIDTH = new byte[0x10000];
        private static final byte TWO_BYTES = 1;
        private static final byte OTHER = 2;

        /**
         * ASCII, or a character GB18030 writes in two bytes (the set a printer's Chinese font has).
         * Each BMP answer is kept (64 KB) so a receipt's text does not run the encoder per character;
         * threads that race write the same value.
         */
        private static boolean printable(int cp) {
            if (cp < 0x80) return true;
            if (cp > 0xFFFF) return false;
            if (Character.isSurrogate((char) cp)) return false;
            byte known = GB18030_WIDTH[cp];
            if (known == 0) {
                known = Character.toString(cp).getBytes(EscPosEncoder.GB18030).length == 2 ? TWO_BYTES : OTHER;
                GB18030_WIDTH[cp] = known;
            }
            return known == TWO_BYTES;
        }
    }

    /**
     * A QR code. The payload must be printable ASCII (1 to {@link #MAX_PAYLOAD} characters):
     * the GS ( k store counts bytes, and ASCII keeps bytes and characters equal everywhere.
     */
    public record Qr(String payload, int moduleSize) implements Element {
        public static final int MAX_PAYLOAD = 1024;

        public Qr {
            if (!isPrintableAscii(payload)) {
                throw new IllegalArgumentException("QR payload must be 1.." + MAX_PAYLOAD + " printable ASCII characters");
            }
            if (moduleSize < 1 || moduleSize > 16) {
                throw new IllegalArgumentException("QR module size must be 1..16, was " + moduleSize);
            }
        }

        /** True when {@code s} can be a QR payload here. */
        public static boolean isPrintableAscii(String s) {
            if (s == null || s.isEmpty() || s.length() > MAX_PAYLOAD) return false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7E) return false;
            }
            return true;
        }
    }

    /** Feeds {@code lines} blank lines (1..255). */
    public record Feed(int lines) implements Element {
        public Feed {
            if (lines < 1 || lines > 255) throw new IllegalArgumentException("feed must be 1..255 lines, was " + lines);
        }
    }

    /** Cuts the paper (partial cut, GS V). */
    public record Cut() implements Element {
    }

    /** A builder that appends elements in print order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Appends elements in print order; {@link #build()} returns the immutable document. */
    public static final class Builder {
        private final List<Element> elements = new ArrayList<>();

        public Builder line(String text) {
            return add(new Text(text, Align.LEFT, false, false));
        }

        public Builder centered(String text, boolean bold) {
            return add(new Text(text, Align.CENTER, bold, false));
        }

        public Builder add(Element element) {
            elements.add(Objects.requireNonNull(element, "element"));
            return this;
        }

        public Builder qr(String payload) {
            return add(new Qr(payload, 6));
        }

        public Builder feed(int lines) {
            return add(new Feed(lines));
        }

        public Builder cut() {
            return add(new Cut());
        }

        public ReceiptDocument build() {
            return new ReceiptDocument(elements);
        }
    }
}
