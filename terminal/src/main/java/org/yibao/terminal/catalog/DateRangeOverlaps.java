package org.yibao.terminal.catalog;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds two date ranges of the same key that share a day. Sorted by key then begin date,
 * ranges of one key are disjoint exactly when each begins after the previous one ends, so
 * checking neighbours is enough (the SQL store runs the same rule as a window query).
 */
final class DateRangeOverlaps {
    /** One range of a key and the line it came from; {@code end} null = open. */
    record Span(String key, LocalDate begin, LocalDate end, long line) {}

    /** Two overlapping spans, earlier-beginning first. */
    record Overlap(Span first, Span second) {}

    private DateRangeOverlaps() {}

    /** The first overlap in {@code spans} (sorted in place), if any. */
    static Optional<Overlap> find(List<Span> spans) {
        spans.sort(Comparator.comparing(Span::key).thenComparing(Span::begin).thenComparingLong(Span::line));
        for (int i = 1; i < spans.size(); i++) {
            Span previous = spans.get(i - 1);
            Span current = spans.get(i);
            if (previous.key().equals(current.key())
                    && (previous.end() == null || !current.begin().isAfter(previous.end()))) {
                return Optional.of(new Overlap(previous, current));
            }
        }
        return Optional.empty();
    }

    /** The located detail of an overlap: both lines and both ranges. */
    static String describe(String fileName, String keyColumn, Overlap overlap) {
        Span a = overlap.first();
        Span b = overlap.second();
        return TsvRow.location(fileName, b.line()) + " " + keyColumn + " 列：" + b.key()
                + " 的有效期 " + range(b) + " 与第 " + a.line() + " 行的 " + range(a) + " 重叠";
    }

    private static String range(Span s) {
        return s.begin() + "~" + (s.end() == null ? "" : s.end());
    }
}
