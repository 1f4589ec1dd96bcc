package org.yibao.drivers.printer;

/**
 * Printed width of text in columns, as a printer in Chinese mode lays it out: a character
 * that is one byte in GB18030 (ASCII) takes one column, every other (汉字, full-width
 * punctuation, ￥) takes two. 58 mm paper holds 32 columns, 80 mm holds 48.
 */
public final class TextWidth {
    private TextWidth() {
    }

    /** Columns taken by one code point: a control character (C0 or C1) prints as one space. */
    public static int of(int codePoint) {
        return codePoint < 0x80 || Character.isISOControl(codePoint) ? 1 : 2;
    }

    /** Columns taken by a string. */
    public static int of(CharSequence text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            width += of(cp);
            i += Character.charCount(cp);
        }
        return width;
    }
}
