package org.yibao.terminal.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * The catalogue rows of the codes looked up most recently, for one import: a pharmacy sells
 * the same few thousand codes all day, and SQLite's index search costs several microseconds
 * each. Holds at most {@code capacity} codes (least recently used go first), including codes
 * that have no row. Forgets everything when the import in use changes. Not thread-safe: its
 * owner serialises calls.
 */
final class RecentCodes {
    /** The import the rows came from: its id and content hash (an id alone may be reused after a rollback). */
    record Generation(long importId, String sha256) {}

    private final Map<String, List<CatalogEntry>> rows;
    private Generation generation;

    RecentCodes(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.rows = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, List<CatalogEntry>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached rows of {@code code} under {@code current}, or null; a new generation empties the cache. */
    List<CatalogEntry> get(Generation current, String code) {
        if (!current.equals(generation)) {
            rows.clear();
            generation = current;
        }
        return rows.get(code);
    }

    /** Remembers {@code code}'s rows (oldest first, possibly none) for the generation of the last {@link #get}. */
    void put(String code, List<CatalogEntry> codeRows) {
        rows.put(code, List.copyOf(codeRows));
    }

    int size() {
        return rows.size();
    }
}
