package org.yibao.terminal.receipt;

import org.yibao.drivers.printer.TextWidth;

import java.util.ArrayList;
import java.util.List;

/**
 * Column arithmetic for receipt text where a CJK character takes two columns and ASCII one
 * ({@link TextWidth}): padding, alignment and wrapping that never splits a character.
 */
final class Columns {
    private Columns() {
    }

    static int width(String s) {
        return TextWidth.of(s);
    }

    static String padRight(String s, int columns) {
        return s + " ".repeat(Math.max(0, columns - width(s)));
    }

    static String padLeft(String s, int columns) {
        return " ".repeat(Math.max(0, columns - width(s))) + s;
    }

    /** {@code left} and {@code right} on one line of {@code columns}, or null when they do not fit. */
    static String spread(String left, String right, int columns) {
        int gap = columns - width(left) - width(right);
        return gap < 1 ? null : left + " ".repeat(gap) + right;
    }

    /**
     * Splits {@code s} into lines of at most {@code columns} columns (at least one line).
     * Chinese text breaks between any two characters; a run of ASCII ("tablets", "250ml")
     * moves whole to the next line when a space or a CJK character precedes it and it fits
     * there; closing punctuation never starts a line; no line starts with a space.
     */
    static List<String> wrap(String s, int columns) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (width(current.toString()) + TextWidth.of(cp) > columns && !current.isEmpty()) {
                String carry = closingPunctuation(cp) ? lastCharacter(current) : asciiWordTail(current, cp);
                lines.add(stripTrailingSpaces(current.substring(0, current.length() - carry.length())));
                current.setLength(0);
                current.append(carry);
            }
            if (current.isEmpty() && cp == ' ') continue;
            current.appendCodePoint(cp);
        }
        lines.add(current.toString());
        return lines;
    }

    /** The ASCII run at the end of {@code line} that {@code next} continues, or "" (break here). */
    private static String asciiWordTail(StringBuilder line, int next) {
        if (!isWordChar(next)) return "";
        int start = line.length();
        while (start > 0 && isWordChar(line.charAt(start - 1))) start--;
        if (start == line.length() || start == 0) return "";
        char before = line.charAt(start - 1);
        if (before != ' ' && before < 0x80) return "";
        return line.substring(start);
    }

    /** Closing punctuation never starts a line (避头): it takes the previous character along. */
    private static boolean closingPunctuation(int cp) {
        return "）】」』》，。、；：？！)]}>,.;:?!".indexOf(cp) >= 0;
    }

    private static String lastCharacter(StringBuilder line) {
        int count = line.codePointCount(0, line.length());
        if (count < 2) return "";
        return line.substring(line.offsetByCodePoints(0, count - 1));
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.substring(0, end);
    }

    private static boolean isWordChar(int cp) {
        return cp > ' ' && cp < 0x7F;
    }
}
