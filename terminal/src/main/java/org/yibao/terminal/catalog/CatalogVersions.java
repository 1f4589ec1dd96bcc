package org.yibao.terminal.catalog;

import java.util.Comparator;

/**
 * Orders catalogue {@code ver} values naturally: runs of digits compare as numbers ("10" after
 * "9", "2026.10" after "2026.9"), everything else character by character, a value that is a
 * prefix of another first; values equal that way (leading zeros) fall back to their text. A total
 * order, so the catalogue's version, the greatest row version, does not depend on the rows'
 * order (mixing "9", "10" and "2026.02" gave 2026.02 or 10 by row order when digits-only values
 * compared as numbers and the rest as text).
 */
final class CatalogVersions {
    static final Comparator<String> ORDER = CatalogVersions::compare;

    private CatalogVersions() {}

    /** The greater of two versions; {@code current} may be null. */
    static String max(String current, String candidate) {
        if (current == null) return candidate;
        return compare(candidate, current) <= 0 ? current : candidate;
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byNumber = compareNumbers(a.substring(i, endA), b.substring(j, endB));
                if (byNumber != 0) return byNumber;
                i = endA;
                j = endB;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        int byRest = Integer.compare(a.length() - i, b.length() - j);
        return byRest != 0 ? byRest : a.compareTo(b);
    }

    private static int compareNumbers(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        int byLength = Integer.compare(x.length(), y.length());
        return byLength != 0 ? byLength : x.compareTo(y);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) i++;
        return i;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') i++;
        return s.substring(i);
    }
}
