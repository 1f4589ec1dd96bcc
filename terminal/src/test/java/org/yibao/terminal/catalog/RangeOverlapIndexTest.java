package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The overlap index against a plain pairwise check, with real and with colliding hashes. */
class RangeOverlapIndexTest {
    private static final LocalDate BASE = LocalDate.of(2026, 1, 1);

    /** A row of key {@code key}; {@code target} null = a catalogue row, else what the key maps to. */
    record Range(String key, String target, int begin, Integer length) {
        LocalDate first() { return BASE.plusDays(begin); }
        LocalDate last() { return length == null ? null : BASE.plusDays(begin + length); }
        boolean clashes(Range o) {
            return key.equals(o.key) && (target == null || !target.equals(o.target))
                    && (last() == null || !o.first().isAfter(last()))
                    && (o.last() == null || !first().isAfter(o.last()));
        }
        RangeOverlapIndex.Keyed keyed() { return new RangeOverlapIndex.Keyed(key, target); }
    }

    @Provide Arbitrary<List<Range>> ranges() {
        Arbitrary<Range> one = Combinators.combine(Arbitraries.of("A", "B", "C", "D", "E"), Arbitraries.just((String) null),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 20).injectNull(0.1))
                .as(Range::new);
        return one.list().ofMaxSize(12);
    }

    @Provide Arbitrary<List<Range>> mappings() {
        Arbitrary<Range> one = Combinators.combine(Arbitraries.of("A", "B", "C"), Arbitraries.of("X1", "X2"),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 20).injectNull(0.1))
                .as(Range::new);
        return one.list().ofMaxSize(12);
    }

    @Property(tries = 300) void findsAnOverlapExactlyWhenOneExists(@ForAll("ranges") List<Range> ranges) {
        assertAgreesWithPairwise(ranges, RangeOverlapIndex::hash64);
    }

    @Property(tries = 300) void staysExactWhenEveryKeyCollides(@ForAll("ranges") List<Range> ranges) {
        assertAgreesWithPairwise(ranges, key -> 42L);
    }

    @Property(tries = 300) void findsAMappingClashExactlyWhenOneExists(@ForAll("mappings") List<Range> ranges) {
        assertAgreesWithPairwise(ranges, RangeOverlapIndex::hash64);
        assertAgreesWithPairwise(ranges, key -> 42L);
    }

    @Test void reportsTheTwoLinesOfTheOverlap() {
        var index = new RangeOverlapIndex();
        List<String> keys = List.of("X", "Y", "X");
        index.add("X", BASE, BASE.plusDays(9), 2, "f.tsv");
        index.add("Y", BASE, null, 3, "f.tsv");
        index.add("X", BASE.plusDays(9), null, 4, "f.tsv");
        var overlap = index.find(row -> RangeOverlapIndex.Keyed.of(keys.get(row))).orElseThrow();
        assertEquals(2, overlap.first().line());
        assertEquals(4, overlap.second().line());
        assertEquals("X", overlap.second().key());
    }

    @Test void overlappingMappingsClashOnlyWhenTheirTargetsDiffer() {
        var index = new RangeOverlapIndex();
        List<RangeOverlapIndex.Keyed> rows = List.of(new RangeOverlapIndex.Keyed("L", "X1"),
                new RangeOverlapIndex.Keyed("L", "X1"), new RangeOverlapIndex.Keyed("L", "X2"));
        index.add("L", BASE, null, 2, "f.tsv");
        index.add("L", BASE.plusDays(5), BASE.plusDays(9), 3, "f.tsv");
        assertTrue(index.find(rows::get).isEmpty(), "same target: no clash");
        index.add("L", BASE.plusDays(20), null, 4, "f.tsv");
        var overlap = index.find(rows::get).orElseThrow();
        assertEquals(2, overlap.first().line());
        assertEquals("X1", overlap.first().target());
        assertEquals(4, overlap.second().line());
        assertEquals("X2", overlap.second().target());
    }

    private static void assertAgreesWithPairwise(List<Range> ranges, ToLongFunction<String> hash) {
        var index = new RangeOverlapIndex(hash);
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            index.add(r.key(), r.first(), r.last(), i + 2, "f.tsv");
        }
        boolean expected = false;
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) expected |= ranges.get(i).clashes(ranges.get(j));
        }
        List<RangeOverlapIndex.Keyed> keys = new ArrayList<>(ranges.stream().map(Range::keyed).toList());
        Optional<DateRangeOverlaps.Overlap> found = index.find(keys::get);
        assertEquals(expected, found.isPresent(), ranges.toString());
        found.ifPresent(o -> {
            Range a = ranges.get((int) o.first().line() - 2);
            Range b = ranges.get((int) o.second().line() - 2);
            assertTrue(a.clashes(b), o.toString());
        });
    }
}
