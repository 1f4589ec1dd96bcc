package org.yibao.terminal.catalog;

import java.time.LocalDate;

/** Two date ranges of one key that share a day, and the located refusal detail naming both. */
final class DateRangeOverlaps {
    /** One range of a key and the line it came from; {@code end} null = open. */
    record Span(String key, LocalDate begin, LocalDate end, long line) {}

    /** Two overlapping spans, earlier-beginning first. */
    record Overlap(Span first, Span second) {}

    private DateRangeOverlaps() {}

    /** The located detail of an overlap: the later line, then the earlier one, with both ranges. */
    static String describe(String fileName, String keyColumn, Overlap overlap) {
        boolean firstIsLater = overlap.first().line() > overlap.second().line();
        Span a = firstIsLater ? overlap.second() : overlap.first();
        Span b = firstIsLater ? overlap.first() : overlap.second();
        return TsvRow.location(fileName, b.line()) + " " + keyColumn + " 列：" + b.key()
                + " 的有效期 " + range(b) + " 与第 " + a.line() + " 行的 " + range(a) + " 重叠";
    }

    private static String range(Span s) {
        return s.begin() + "~" + (s.end() == null ? "" : s.end());
    }
}
