package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's version is its greatest row {@code ver}, whatever order the rows come in:
 * the order of versions must be a total order over every form a centre may write.
 */
class CatalogVersionsTest {

    @Test
    void digitRunsCompareAsNumbers() {
        assertTrue(CatalogVersions.compare("10", "9") > 0);
        assertTrue(CatalogVersions.compare("2026.10", "2026.9") > 0);
        assertTrue(CatalogVersions.compare("v10", "v9") > 0);
        assertTrue(CatalogVersions.compare("2026.02", "10") > 0);
        assertTrue(CatalogVersions.compare("2026-12-01", "2026-11-30") > 0);
        assertTrue(CatalogVersions.compare("2026.1", "2026") > 0, "a longer version after its prefix");
        assertEquals(0, CatalogVersions.compare("007", "007"));
        assertTrue(CatalogVersions.compare("007", "7") != 0, "equal numbers, different text: still an order");
    }

    /** The filesmodel audit's case: rows 9, 10, 2026.02 gave 2026.02, and in the order 2026.02, 9, 10 gave 10. */
    @Test
    void theGreatestOfMixedFormsDoesNotDependOnTheRowOrder() {
        assertEquals("2026.02", greatest(List.of("9", "10", "2026.02")));
        assertEquals("2026.02", greatest(List.of("2026.02", "9", "10")));
    }

    @Property(tries = 300)
    void anyOrderOfTheSameRowsGivesTheSameVersion(@ForAll("versionLists") List<String> rows) {
        List<String> reversed = new ArrayList<>(rows).reversed();
        List<String> rotated = new ArrayList<>(rows);
        java.util.Collections.rotate(rotated, 1);
        String expected = greatest(rows);
        assertEquals(expected, greatest(reversed));
        assertEquals(expected, greatest(rotated));
    }

    @Property(tries = 1000)
    void theOrderIsTotal(@ForAll("versions") String a, @ForAll("versions") String b, @ForAll("versions") String c) {
        assertEquals(Integer.signum(CatalogVersions.compare(a, b)), -Integer.signum(CatalogVersions.compare(b, a)), "antisymmetric");
        if (CatalogVersions.compare(a, b) <= 0 && CatalogVersions.compare(b, c) <= 0) {
            assertTrue(CatalogVersions.compare(a, c) <= 0, "transitive: " + a + " <= " + b + " <= " + c);
        }
        assertEquals(a.equals(b), CatalogVersions.compare(a, b) == 0, "only equal text is equal");
    }

    private static String greatest(List<String> rows) {
        String max = null;
        for (String row : rows) max = CatalogVersions.max(max, row);
        return max;
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> number = Arbitraries.integers().between(0, 3000).map(String::valueOf);
        Arbitrary<String> padded = Arbitraries.integers().between(0, 99).map(n -> String.format("%03d", n));
        Arbitrary<String> dotted = Arbitraries.integers().between(2020, 2030)
                .flatMap(y -> Arbitraries.integers().between(1, 12).map(m -> y + (m < 10 && m % 2 == 0 ? ".0" : ".") + m));
        Arbitrary<String> dated = Arbitraries.integers().between(1, 28).map(d -> "2026-11-" + (d < 10 ? "0" : "") + d);
        Arbitrary<String> lettered = Arbitraries.of("v", "V", "r", "ver").flatMap(p -> Arbitraries.integers().between(0, 20).map(n -> p + n));
        Arbitrary<String> odd = Arbitraries.strings().withChars("0123456789.-av").ofMinLength(1).ofMaxLength(6);
        return Arbitraries.oneOf(number, padded, dotted, dated, lettered, odd);
    }

    @Provide
    Arbitrary<List<String>> versionLists() {
        return versions().list().ofMinSize(1).ofMaxSize(12);
    }
}
