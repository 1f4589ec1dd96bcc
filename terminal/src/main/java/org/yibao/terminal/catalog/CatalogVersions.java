package org.yibao.terminal.catalog;

import java.util.Comparator;

/**
 * Orders catalogue {@code ver} values: all-digit versions compare as numbers (so "10" after
 * "9"), anything else compares as text. The catalogue's version is the greatest row version.
 */
final class CatalogVersions {
    static final Comparator<String> ORDER = CatalogVersions::compare;

    private CatalogVersions() {}

    /** The greater of two versions; {@code current} may be null. */
    static String max(String current, String candidate) {
        if (current == null) return candidate;
        return candidate.equals(current) || compare(candidate, current) <= 0 ? current : candidate;
    }

    private static int compare(String a, String b) {
        if (isDigits(a) && isDigits(b)) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            int byLength = Integer.compare(x.length(), y.length());
            return byLength != 0 ? byLength : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') i++;
        return s.substring(i);
    }
}
