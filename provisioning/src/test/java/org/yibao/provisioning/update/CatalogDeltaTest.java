package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Catalogue deltas: the rebuilt file has exactly the target's lines, and nothing else is accepted. */
class CatalogDeltaTest {
    private static final String HEADER = "med_list_codg\tmed_list_name\tver";

    private static byte[] tsv(String... rows) {
        return (HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> sortedLines(byte[] file) {
        return Arrays.stream(new String(file, StandardCharsets.UTF_8).split("\r?\n")).filter(l -> !l.isEmpty()).sorted().toList();
    }

    @Test
    void theRebuiltFileHoldsTheTargetsLines() throws Exception {
        byte[] base = tsv("A\t甲\t1", "B\t乙\t1", "C\t丙\t1", "C\t丙\t1");
        byte[] target = tsv("A\t甲\t1", "C\t丙\t2", "C\t丙\t1", "D\t丁\t2");
        byte[] delta = CatalogDelta.compute(base, target);
        byte[] rebuilt = CatalogDelta.apply(base, delta);
        assertEquals(sortedLines(target), sortedLines(rebuilt));
        assertTrue(new String(rebuilt, StandardCharsets.UTF_8).startsWith(HEADER + "\n"));
        String text = new String(delta, StandardCharsets.UTF_8);
        assertTrue(!text.contains("A\\t甲"), "unchanged lines are not sent: " + text);
    }

    @Test
    void aDeltaOnlyFitsItsBase() throws Exception {
        byte[] base = tsv("A\t甲\t1");
        byte[] delta = CatalogDelta.compute(base, tsv("A\t甲\t1", "B\t乙\t2"));
        CatalogDelta.DeltaException e = assertThrows(CatalogDelta.DeltaException.class,
                () -> CatalogDelta.apply(tsv("A\t甲\t9"), delta));
        assertTrue(e.getMessage().contains("基准"), e.getMessage());
    }

    @Test
    void anAlteredDeltaIsRefusedByTheResultDigest() throws Exception {
        byte[] base = tsv("A\t甲\t1");
        String delta = new String(CatalogDelta.compute(base, tsv("A\t甲\t1", "B\t乙\t2")), StandardCharsets.UTF_8);
        byte[] altered = delta.replace("B\\t乙\\t2", "B\\t乙\\t3").getBytes(StandardCharsets.UTF_8);
        assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.apply(base, altered));
    }

    @Test
    void aChangedHeaderOrAZipNeedsTheFullFile() {
        assertThrows(CatalogDelta.DeltaException.class,
                () -> CatalogDelta.compute(tsv("A\t甲\t1"), ("other\theader\n" + "A\t甲\t1\n").getBytes(StandardCharsets.UTF_8)));
        assertThrows(CatalogDelta.DeltaException.class,
                () -> CatalogDelta.compute(new byte[] {'P', 'K', 3, 4}, tsv("A\t甲\t1")));
    }

    @Test
    void noChangeIsAnEmptyDeltaThatRebuildsTheSameLines() throws Exception {
        byte[] base = tsv("A\t甲\t1", "B\t乙\t1");
        byte[] rebuilt = CatalogDelta.apply(base, CatalogDelta.compute(base, base));
        assertArrayEquals(sortedLines(base).toArray(), sortedLines(rebuilt).toArray());
    }
}
