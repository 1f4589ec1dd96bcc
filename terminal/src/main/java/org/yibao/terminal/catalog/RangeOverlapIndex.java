package org.yibao.terminal.catalog;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import org.yibao.terminal.domain.RefusedException;

/**
 * Finds two date ranges of the same key that share a day and clash, in about 28 bytes a row
 * (no key strings kept), so a 500,000-row catalogue is checked while it streams into the
 * database. Rows are grouped by a 64-bit hash of the key; inside a group, sorted by begin date,
 * each range is compared with the following ones that begin before it ends. Because two
 * different keys can share a hash, a candidate pair is confirmed with the rows' {@link Keyed}
 * before it is reported.
 */
final class RangeOverlapIndex {
    /**
     * A row's key and, for a mapping, what the key maps to. Two overlapping rows of one key
     * clash unless both map it to the same target; with no target (null) any overlap clashes.
     */
    record Keyed(String key, String target) {
        static Keyed of(String key) {
            return new Keyed(key, null);
        }

        boolean clashesWith(Keyed other) {
            return key.equals(other.key) && (target == null || !target.equals(other.target));
        }
    }

    private static final int INDEX_BITS = 26;
    private static final int OPEN = Integer.MAX_VALUE;

    private final ToLongFunction<String> hasher;
    private long[] hash = new long[1024];
    private int[] begin = new int[1024];
    private int[] end = new int[1024];
    private long[] line = new long[1024];
    private int size;

    RangeOverlapIndex() {
        this(RangeOverlapIndex::hash64);
    }

    /** With another key hash (tests use a constant one to force every collision path). */
    RangeOverlapIndex(ToLongFunction<String> hasher) {
        this.hasher = hasher;
    }

    /** Adds one row's key and range ({@code last} null = open) with its file line. */
    void add(String key, LocalDate first, LocalDate last, long fileLine, String fileName) {
        if (size == 1 << INDEX_BITS) {
            throw new RefusedException(CatalogReason.FIELD_COUNT, TsvRow.location(fileName, fileLine)
                    + "：文件超过 " + (1 << INDEX_BITS) + " 行");
        }
        if (size == hash.length) grow();
        hash[size] = hasher.applyAsLong(key);
        begin[size] = (int) first.toEpochDay();
        end[size] = last == null ? OPEN : (int) last.toEpochDay();
        line[size] = fileLine;
        size++;
    }

    /**
     * The first clashing overlap found, earlier-beginning range first; {@code keyOf} gives a row
     * (by add order, 0-based) and is asked only for rows whose key hashes and ranges collide.
     */
    Optional<DateRangeOverlaps.Overlap> find(IntFunction<Keyed> keyOf) {
        return findPair(keyOf).map(pair -> new DateRangeOverlaps.Overlap(
                span(pair[0], keyOf.apply(pair[0])), span(pair[1], keyOf.apply(pair[1]))));
    }

    /** The file line of the row added as {@code row}. */
    long line(int row) {
        return line[row];
    }

    private DateRangeOverlaps.Span span(int row, Keyed keyed) {
        return new DateRangeOverlaps.Span(keyed.key(), keyed.target(), LocalDate.ofEpochDay(begin[row]),
                end[row] == OPEN ? null : LocalDate.ofEpochDay(end[row]), line[row]);
    }

    private Optional<int[]> findPair(IntFunction<Keyed> keyOf) {
        long[] order = new long[size];
        for (int i = 0; i < size; i++) order[i] = (hash[i] >>> INDEX_BITS) << INDEX_BITS | i;
        Arrays.sort(order);
        int groupStart = 0;
        for (int i = 1; i <= size; i++) {
            if (i == size || order[i] >>> INDEX_BITS != order[groupStart] >>> INDEX_BITS) {
                if (i - groupStart > 1) {
                    Optional<int[]> found = findInGroup(Arrays.copyOfRange(order, groupStart, i), keyOf);
                    if (found.isPresent()) return found;
                }
                groupStart = i;
            }
        }
        return Optional.empty();
    }

    private Optional<int[]> findInGroup(long[] group, IntFunction<Keyed> keyOf) {
        Integer[] rows = new Integer[group.length];
        for (int k = 0; k < group.length; k++) rows[k] = (int) (group[k] & ((1L << INDEX_BITS) - 1));
        Arrays.sort(rows, (a, b) -> a.equals(b) ? 0
                : begin[a] != begin[b] ? Integer.compare(begin[a], begin[b]) : Long.compare(line[a], line[b]));
        for (int x = 0; x < rows.length; x++) {
            int a = rows[x];
            for (int y = x + 1; y < rows.length && begin[rows[y]] <= end[a]; y++) {
                int b = rows[y];
                if (hash[a] == hash[b] && keyOf.apply(a).clashesWith(keyOf.apply(b))) {
                    return Optional.of(new int[] {a, b});
                }
            }
        }
        return Optional.empty();
    }

    private void grow() {
        int capacity = hash.length * 2;
        hash = Arrays.copyOf(hash, capacity);
        begin = Arrays.copyOf(begin, capacity);
        end = Arrays.copyOf(end, capacity);
        line = Arrays.copyOf(line, capacity);
    }

    /** FNV-1a over the UTF-16 units, then a 64-bit finaliser (murmur3 fmix64) to spread the bits. */
    static long hash64(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb34fe1a85b53L;
        h ^= h >>> 33;
        return h;
    }
}
