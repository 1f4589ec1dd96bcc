package org.yibao.terminal.catalog;

import java.time.LocalDate;

/** Two clashing date ranges of one key that share days, and the located refusal detail naming both. */
final class DateRangeOverlaps {
    /**
     * One range of a key and the line it came from; {@code end} null = open; {@code target} is
     * what a mapping's key maps to (null for a catalogue row).
     */
    record Span(String key, String target, LocalDate begin, LocalDate end, long line) {}

    /** Two overlapping spans, earlier-beginning first. */
    record Overlap(Span first, Span second) {}

    private DateRangeOverlaps() {}

    /**
     * The located detail of an overlap: the later line, then the earlier one, with both ranges;
     * for a mapping also both targets and the days they share.
     */
    static String describe(String fileName, String keyColumn, Overlap overlap) {
        boolean firstIsLater = overlap.first().line() > overlap.second().line();
        Span a = firstIsLater ? overlap.second() : overlap.first();
        Span b = firstIsLater ? overlap.first() : overlap.second();
        String where = TsvRow.location(fileName, b.line()) + " " + keyColumn + " 列：";
        if (b.target() == null) {
            return where + b.key() + " 的有效期 " + range(b) + " 与第 " + a.line() + " 行的 " + range(a) + " 重叠";
        }
        return where + b.key() + " 在 " + range(b) + " 对照 " + b.target() + "，与第 " + a.line() + " 行在 "
                + range(a) + " 对照的 " + a.target() + " 在 " + shared(a, b) + " 重叠（同一日期只能对照一个国家编码）";
    }

    /** The days both spans cover: the later begin to the earlier end (open when both are). */
    private static String shared(Span a, Span b) {
        LocalDate begin = a.begin().isAfter(b.begin()) ? a.begin() : b.begin();
        LocalDate end = a.end() == null ? b.end() : b.end() == null || a.end().isBefore(b.end()) ? a.end() : b.end();
        return range(begin, end);
    }

    private static String range(Span s) {
        return range(s.begin(), s.end());
    }

    private static String range(LocalDate begin, LocalDate end) {
        return begin + "~" + (end == null ? "" : end);
    }
}
