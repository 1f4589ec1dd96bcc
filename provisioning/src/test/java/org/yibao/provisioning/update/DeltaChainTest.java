package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * Deltas one after another, as the centre sends them, each made from the new file the operator
 * holds (`--base` the previous new file): a row changed in place moves to the end of the device's
 * rebuilt file, and the next delta must still be taken (a black-box run found it refused 1950).
 */
class DeltaChainTest {
    private static final String HEADER = "med_list_codg\tmed_list_name\tver";

    @Test
    void aDeltaAfterOneThatChangedARowInPlaceIsTaken() throws Exception {
        byte[] a = tsv("A\t甲\t1", "B\t乙\t1", "C\t丙\t1");
        byte[] b = tsv("A\t甲\t1", "B\t乙（新）\t2", "C\t丙\t1"); // B changed in place
        byte[] c = tsv("A\t甲\t1", "B\t乙（新）\t2", "C\t丙\t1", "D\t丁\t3");

        byte[] onDevice = CatalogDelta.apply(a, CatalogDelta.compute(a, b));
        assertNotEquals(new String(b, StandardCharsets.UTF_8), new String(onDevice, StandardCharsets.UTF_8),
                "the device's file has B last: the same lines in another order");

        byte[] next = CatalogDelta.apply(onDevice, CatalogDelta.compute(b, c));
        assertEquals(LineSum.of(List.of(new String(c, StandardCharsets.UTF_8).split("\n"))),
                LineSum.of(List.of(new String(next, StandardCharsets.UTF_8).split("\n"))), "the lines of the new file, in the device's order");
        assertArrayEquals(tsv("A\t甲\t1", "C\t丙\t1", "B\t乙（新）\t2", "D\t丁\t3"), next);
    }

    @Test
    void aBaseWithOtherLinesIsStillRefused() throws Exception {
        byte[] a = tsv("A\t甲\t1", "B\t乙\t1");
        byte[] b = tsv("A\t甲\t1", "B\t乙\t2");
        byte[] other = tsv("B\t乙\t1", "A\t甲\t9");
        CatalogDelta.DeltaException e = assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.apply(other, CatalogDelta.compute(a, b)));
        assertEquals("本机所存的目录不是该增量的基准版本", e.getMessage());
    }

    @Test
    void aDeltaWithoutLineSumsIsCheckedByItsBytesAlone() throws Exception {
        byte[] a = tsv("A\t甲\t1", "B\t乙\t1");
        byte[] b = tsv("A\t甲\t1", "B\t乙\t2");
        ObjectNode old = (ObjectNode) BundleJson.mapper().readTree(CatalogDelta.compute(a, b));
        old.remove("base_lines");
        old.remove("result_lines");
        byte[] delta = old.toString().getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(b, CatalogDelta.apply(a, delta), "an older centre's delta on the file it was made from");
        byte[] reordered = tsv("B\t乙\t1", "A\t甲\t1");
        assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.apply(reordered, delta), "the same lines in another order");
    }

    @Test
    void theLineSumIsTheSumOfTheLinesDigestsModulo2To256() {
        List<String> lines = List.of("header", "一\t1", "二\t2", "一\t1");
        BigInteger sum = BigInteger.ZERO;
        for (String line : lines) sum = sum.add(new BigInteger(1, UpdateEnvelope.sha256Digest().digest(line.getBytes(StandardCharsets.UTF_8))));
        String expected = String.format("%064x", sum.mod(BigInteger.TWO.pow(256)));
        assertEquals(expected, LineSum.of(lines));
        assertEquals(expected, LineSum.of(List.of("一\t1", "二\t2", "header", "一\t1")), "in any order");
        assertFalse(expected.equals(LineSum.of(List.of("header", "一\t1", "二\t2"))), "a line twice counts twice");
    }

    @Test
    void aBomAddedOrDroppedIsNamedNotCalledAHeaderChange() {
        byte[] plain = tsv("A\t甲\t1");
        byte[] bom = ("\uFEFF" + new String(tsv("A\t甲\t2"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        // a black-box run: the operator's editor saved the new file with a BOM; the header is the same, so "表头已改变" misled
        CatalogDelta.DeltaException added = assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(plain, bom));
        assertEquals("表头相同，但新目录以 BOM 开头而基准目录没有：请把新文件存成与基准相同的格式（有无 BOM 一致），或发送全量目录",
                added.getMessage());
        CatalogDelta.DeltaException dropped = assertThrows(CatalogDelta.DeltaException.class,
                () -> CatalogDelta.compute(bom, plain, CatalogDelta.CODE_MAP));
        assertEquals("表头相同，但基准对照表以 BOM 开头而新对照表没有：请把新文件存成与基准相同的格式（有无 BOM 一致），或发送全量对照表",
                dropped.getMessage());
    }

    private static byte[] tsv(String... rows) {
        return (HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
