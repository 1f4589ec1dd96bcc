package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalogue deltas: the rebuilt file has exactly the target's lines, and nothing else is accepted. */
class CatalogDeltaTest {
    private static final String HEADER = "med_list_codg\tmed_list_name\tver";

    private static byte[] tsv(String... rows) {
        return (HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> sortedLines(byte[] file) {
        return Arrays.stream(new String(file, StandardCharsets.UTF_8).split("\r?\n")).filter(l -> !l.isEmpty()).sorted().toList();
    }

    /**
     * A zipped catalogue (a full update may travel zipped) has no lines to compare: a delta is
     * neither made from one nor applied to one, whichever side it is, and a text that only starts
     * with a P is not taken for one.
     */
    @Test
    void aZippedCatalogueIsRefusedOnEitherSide() throws Exception {
        byte[] zip = "PK\u0003\u0004 zipped".getBytes(StandardCharsets.ISO_8859_1);
        byte[] plain = tsv("A\t甲\t1");
        assertTrue(assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(zip, plain)).getMessage()
                .startsWith("基准目录是压缩包"));
        assertTrue(assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(plain, zip)).getMessage()
                .startsWith("新目录是压缩包"));
        byte[] delta = CatalogDelta.compute(plain, tsv("A\t甲\t1", "B\t乙\t2"));
        assertTrue(assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.apply(zip, delta)).getMessage()
                .startsWith("基准目录是压缩包"));
        byte[] startsWithP = ("P" + HEADER.substring(1) + "\nA\t甲\t1\n").getBytes(StandardCharsets.UTF_8);
        byte[] pDelta = CatalogDelta.compute(startsWithP, ("P" + HEADER.substring(1) + "\nB\t乙\t2\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("P" + HEADER.substring(1) + "\nB\t乙\t2\n", new String(CatalogDelta.apply(startsWithP, pDelta), StandardCharsets.UTF_8));
        assertEquals(CatalogDelta.baseSha256(pDelta), UpdateEnvelope.sha256(startsWithP));
    }

    /**
     * A new file saved as GBK (a spreadsheet's "ANSI" on Chinese Windows) keeps its ASCII header, so
     * it passed the header check, and a lenient decode turned every name into U+FFFD that the device
     * would have put in use; a full import of the same file is refused. Either side not UTF-8 is
     * refused, naming the line.
     */
    @Test
    void aFileThatIsNotUtf8IsRefusedNamingItsLine() throws Exception {
        byte[] utf8 = tsv("A\t甲\t1", "B\t乙\t1");
        byte[] gbk = (HEADER + "\r\nA\t甲\t1\r\nB\t乙\t2\r\n").getBytes(java.nio.charset.Charset.forName("GBK"));
        assertEquals("新目录不是 UTF-8 编码（第 2 行），请另存为 UTF-8 后再生成增量",
                assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(utf8, gbk)).getMessage());
        assertEquals("基准对照表不是 UTF-8 编码（第 2 行），请另存为 UTF-8 后再生成增量",
                assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(gbk, utf8, CatalogDelta.CODE_MAP)).getMessage());
        byte[] badOnThird = tsv("A\t甲\t1", "B\t\u4e59\t2");
        badOnThird[badOnThird.length - 6] = (byte) 0xFF;
        assertTrue(assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(utf8, badOnThird)).getMessage()
                .contains("（第 3 行）"));
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

    /**
     * The device rebuilds a line at a time what the centre computed in memory: for files of every
     * shape (CRLF or LF, blank lines, repeated lines, a last line without its end), the rebuilt
     * file's SHA-256 is the one the centre put in the delta, and it holds the target's lines; a
     * file with bytes that are not UTF-8 on either side gets no delta.
     */
    @Test
    void theStreamedRebuildMatchesTheCentresForFilesOfEveryShape() throws Exception {
        Random random = new Random(20261205);
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            byte[] base = randomFile(random);
            byte[] target = randomFile(random);
            if (!utf8(base) || !utf8(target)) {
                assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.compute(base, target), "round " + round);
                refused++;
                continue;
            }
            byte[] rebuilt = CatalogDelta.apply(base, CatalogDelta.compute(base, target));
            assertEquals(sortedLines(target), sortedLines(rebuilt), "round " + round);
        }
        assertTrue(refused > 10 && refused < 200, "both kinds of round ran: " + refused + " refused");
    }

    private static boolean utf8(byte[] file) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(file));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** A refused rebuild names why: the wrong base, then a line the base lacks. */
    @Test
    void aLineToRemoveThatTheBaseLacksIsRefused() throws Exception {
        byte[] base = tsv("A\t甲\t1", "B\t乙\t1");
        String delta = new String(CatalogDelta.compute(base, tsv("A\t甲\t1")), StandardCharsets.UTF_8);
        byte[] altered = delta.replace("\"remove\":[\"B\\t乙\\t1\"]", "\"remove\":[\"B\\t乙\\t1\",\"Z\\t无\\t1\"]")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(!Arrays.equals(altered, delta.getBytes(StandardCharsets.UTF_8)), delta);
        CatalogDelta.DeltaException e = assertThrows(CatalogDelta.DeltaException.class, () -> CatalogDelta.apply(base, altered));
        assertTrue(e.getMessage().contains("不在基准目录中"), e.getMessage());
    }

    /**
     * A 200,000-row catalogue (about 20 MB) rebuilt in a JVM with a 24 MB heap, well below the
     * device's 64 MB, in which rebuilding a 50,000-row one in memory ran out of heap.
     */
    @Test
    @Tag("child-jvm")
    void aLargeCatalogueIsRebuiltInASmallHeap(@TempDir Path dir) throws Exception {
        StringBuilder tsv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 200_000; i++) tsv.append("XA02BCA211E").append(String.format("%012d", i)).append("\t奥美拉唑肠溶胶囊第").append(i)
                .append("号，一盒二十粒，每粒二十毫克\t2026.02\n");
        byte[] base = tsv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] target = (tsv.toString().replace("第17号", "第17号（新规格）") + "XA99\t新药\t2026.03\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("base.tsv"), base);
        Files.write(dir.resolve("delta.json"), CatalogDelta.compute(base, target));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx24m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DeltaApplyMain.class.getName(), dir.resolve("base.tsv").toString(), dir.resolve("delta.json").toString(),
                dir.resolve("result.tsv").toString()).redirectErrorStream(true).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the rebuild ends");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(base.length > 20_000_000, "the base is " + base.length + " bytes");
        assertEquals(sortedLines(target), sortedLines(Files.readAllBytes(dir.resolve("result.tsv"))));
    }

    private static byte[] randomFile(Random random) {
        String[] pool = {"A\t甲\t1", "B\t乙\t1", "C\t丙\t2", "D\t丁\t2", "E\t\t3", "F\t戊\t\t"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int blankFirst = random.nextInt(3) == 0 ? 1 : 0;
        for (int i = 0; i < blankFirst; i++) out.writeBytes(random.nextBoolean() ? "\n".getBytes() : "\r\n".getBytes());
        out.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        int rows = random.nextInt(12);
        for (int i = 0; i < rows; i++) {
            out.writeBytes(random.nextBoolean() ? "\r\n".getBytes() : "\n".getBytes());
            if (random.nextInt(6) == 0) out.writeBytes("\n".getBytes()); // a blank line
            if (random.nextInt(10) == 0) out.writeBytes(new byte[] {(byte) 0xE4, (byte) 0xB8, 'x', (byte) 0xFF}); // not UTF-8
            else out.writeBytes(pool[random.nextInt(pool.length)].getBytes(StandardCharsets.UTF_8));
        }
        if (random.nextBoolean()) out.writeBytes("\n".getBytes());
        return out.toByteArray();
    }
}
