package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.catalog.TsvFixtures.CATALOG_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.cat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.ChargeLevel;

class CatalogFilesTest {
    @TempDir Path dir;

    private static final List<String> GOOD = List.of(
            cat("XA01", "01", "0", "0", "null", "2026-01-01", "2026-06-30", "20260101"),
            cat("XA01", "01", "0", "0", "12.5", "2026-07-01", "null", "20260701"),
            cat("XB02", "02", "0.1", "0.15", "null", "20260101", "null", "20260101"),
            cat("XC03", "03", "1", "1", "0.0125", "2026-01-01", "2026-12-31", "20260101"));

    @Test void readsPlainFileAndLooksUpOnBoundaryDates() throws Exception {
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "cat.tsv", CATALOG_HEADER, GOOD));
        assertEquals("20260701", catalog.version());
        var first = catalog.find("XA01", LocalDate.of(2026, 6, 30)).orElseThrow();
        assertEquals(LocalDate.of(2026, 6, 30), first.endDate());
        assertNull(first.priceCap());
        var second = catalog.find("XA01", LocalDate.of(2026, 7, 1)).orElseThrow();
        assertEquals(new BigDecimal("12.5"), second.priceCap());
        assertTrue(catalog.find("XA01", LocalDate.of(2025, 12, 31)).isEmpty());
        assertTrue(catalog.find("XC03", LocalDate.of(2027, 1, 1)).isEmpty());
        assertTrue(catalog.find("XC03", LocalDate.of(2026, 12, 31)).isPresent());
        var b = catalog.find("XB02", LocalDate.of(2099, 1, 1)).orElseThrow();
        assertEquals(ChargeLevel.B, b.level());
        assertEquals(new BigDecimal("0.15"), b.selfpayProp390());
        assertEquals(LocalDate.of(2026, 1, 1), b.beginDate());
        assertTrue(catalog.find("NOPE", LocalDate.of(2026, 3, 1)).isEmpty());
    }

    @Test void readsZippedFileWithTheSameResult() throws Exception {
        String text = CATALOG_HEADER + "\n" + String.join("\n", GOOD) + "\n";
        var catalog = CatalogFiles.readCatalog(TsvFixtures.zip(dir, "cat.zip", "dir/catalog.tsv", text));
        assertEquals("20260701", catalog.version());
        assertEquals(2, catalog.rows("XA01").size());
    }

    @Test void acceptsBomCrlfAndShuffledColumns() throws Exception {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < CatalogColumns.ALL.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(7));
        StringBuilder text = new StringBuilder("\uFEFF");
        text.append(String.join("\t", order.stream().map(CatalogColumns.ALL::get).toList())).append("\r\n");
        for (String line : GOOD) {
            String[] fields = line.split("\t", -1);
            text.append(String.join("\t", order.stream().map(i -> fields[i]).toList())).append("\r\n");
        }
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "shuffled.tsv", text.toString()));
        var entry = catalog.find("XB02", LocalDate.of(2026, 1, 1)).orElseThrow();
        assertEquals("药品XB02", entry.name());
        assertEquals(new BigDecimal("0.1"), entry.selfpayProp310());
        assertEquals("20260701", catalog.version());
    }

    @Test void refusesEachKindOfBadValueWithFileLineAndColumn() throws Exception {
        assertRefused("1106", "第 3 行 med_list_codg 列", cat("null", "01", "0", "0", "null", "2026-01-01", "null", "1"));
        assertRefused("1107", "第 3 行 chrgitm_lv 列", cat("A", "04", "0", "0", "null", "2026-01-01", "null", "1"));
        assertRefused("1108", "第 3 行 selfpay_prop_310 列", cat("A", "02", "1.2", "0", "null", "2026-01-01", "null", "1"));
        assertRefused("1108", "第 3 行 selfpay_prop_390 列", cat("A", "02", "0", "0.12345", "null", "2026-01-01", "null", "1"));
        assertRefused("1108", "第 3 行 selfpay_prop_310 列", cat("A", "02", "-0.1", "0", "null", "2026-01-01", "null", "1"));
        assertRefused("1108", "甲类", cat("A", "01", "0.1", "0", "null", "2026-01-01", "null", "1"));
        assertRefused("1109", "第 3 行 pric_uplmt_amt 列", cat("A", "02", "0", "0", "0", "2026-01-01", "null", "1"));
        assertRefused("1110", "第 3 行 begndate 列", cat("A", "02", "0", "0", "null", "2026-02-30", "null", "1"));
        assertRefused("1110", "第 3 行 enddate 列", cat("A", "02", "0", "0", "null", "2026-01-01", "2026/12/31", "1"));
        assertRefused("1111", "第 3 行 enddate 列", cat("A", "02", "0", "0", "null", "2026-02-01", "2026-01-31", "1"));
        assertRefused("1106", "第 3 行 ver 列", cat("A", "02", "0", "0", "null", "2026-01-01", "null", ""));
        String badFlag = cat("A", "02", "0", "0", "null", "2026-01-01", "null", "1").replace("\t09\t0\t0\tnull\t0\t", "\t09\t0\t0\tnull\t2\t");
        assertRefused("1107", "第 3 行 lmt_used_flag 列", badFlag);
        assertRefused("1105", "第 3 行", "A\tB");
    }

    @Test void nullRatiosMeanZeroOnClassAAndCRowsButAreRefusedOnClassB() throws Exception {
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "nulls.tsv", CATALOG_HEADER, List.of(
                cat("XA01", "01", "null", "null", "null", "2026-01-01", "null", "1"),
                cat("XC03", "03", "null", "", "null", "2026-01-01", "null", "1"),
                cat("XB02", "02", "0.1", "0.15", "null", "2026-01-01", "null", "1"))));
        var a = catalog.find("XA01", LocalDate.of(2026, 3, 1)).orElseThrow();
        assertEquals(0, a.selfpayProp310().signum());
        assertEquals(0, a.selfpayProp390().signum());
        var c = catalog.find("XC03", LocalDate.of(2026, 3, 1)).orElseThrow();
        assertEquals(ChargeLevel.C, c.level());
        assertEquals(0, c.selfpayProp310().signum());
        assertEquals(0, c.selfpayProp390().signum());
        assertRefused("1106", "第 3 行 selfpay_prop_310 列：乙类", cat("B", "02", "null", "0.1", "null", "2026-01-01", "null", "1"));
        assertRefused("1106", "第 3 行 selfpay_prop_390 列：乙类", cat("B", "02", "0.1", "null", "null", "2026-01-01", "null", "1"));
    }

    @Test void refusesOverlappingRowsOfOneCode() throws Exception {
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(TsvFixtures.write(dir, "o.tsv",
                CATALOG_HEADER, List.of(
                        cat("A", "02", "0", "0", "null", "2026-01-01", "2026-06-30", "1"),
                        cat("B", "02", "0", "0", "null", "2026-01-01", "null", "1"),
                        cat("A", "02", "0", "0", "null", "2026-06-30", "null", "2")))));
        assertEquals("1112", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("第 4 行"), e.refusal().detail());
        assertTrue(e.refusal().detail().contains("第 2 行"), e.refusal().detail());
    }

    @Test void refusesHeaderProblemsAndEmptyFiles() throws Exception {
        var missing = CATALOG_HEADER.replace("\tver", "");
        assertRefusedText("1104", "缺少列 ver", missing + "\n");
        assertRefusedText("1104", "出现两次", CATALOG_HEADER + "\tver\n");
        assertRefusedText("1114", "c.tsv", CATALOG_HEADER + "\n\n");
        assertRefusedText("1104", "没有表头", "");
    }

    @Test void refusesInvalidUtf8OnTheLineThatHoldsIt() throws Exception {
        var lines = new ArrayList<String>();
        for (int i = 0; i < 3000; i++) lines.add(cat("C" + i, "02", "0", "0", "null", "2026-01-01", "null", "1"));
        byte[] good = (CATALOG_HEADER + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[] {'X', (byte) 0xC3, (byte) 0x28};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Path file = Files.write(dir.resolve("gbk.tsv"), all);
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals("1103", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("第 3002 行"), e.refusal().detail());
    }

    @Test void keepsAGenuineReplacementCharacterAndALastLineWithoutLineEnd() throws Exception {
        String text = CATALOG_HEADER + "\n" + GOOD.get(0).replace("药品XA01", "药品\uFFFD名") + "\n"
                + GOOD.get(2);
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "fffd.tsv", text));
        assertEquals("药品\uFFFD名", catalog.find("XA01", LocalDate.of(2026, 1, 1)).orElseThrow().name());
        assertTrue(catalog.find("XB02", LocalDate.of(2026, 1, 1)).isPresent());
    }

    @Test void refusesMalformedBytesInsideAChineseField() throws Exception {
        byte[] head = (CATALOG_HEADER + "\n" + GOOD.get(0) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] line = GOOD.get(2).getBytes(StandardCharsets.UTF_8);
        byte[] broken = java.util.Arrays.copyOf(line, line.length);
        int chinese = GOOD.get(2).indexOf("药");
        broken[GOOD.get(2).substring(0, chinese).getBytes(StandardCharsets.UTF_8).length + 1] = (byte) 0x41;
        byte[] all = new byte[head.length + broken.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(broken, 0, all, head.length, broken.length);
        Path file = Files.write(dir.resolve("broken.tsv"), all);
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals("1103", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("第 3 行"), e.refusal().detail());
    }

    @Test void refusesALineLongerThanTheLimitInsteadOfGrowingMemory() throws Exception {
        String huge = "A".repeat(Utf8LineReader.MAX_LINE_BYTES + 10);
        Path file = TsvFixtures.write(dir, "long.tsv", CATALOG_HEADER + "\n" + GOOD.get(0) + "\n" + huge + "\n");
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals("1119", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("long.tsv 第 3 行"), e.refusal().detail());
    }

    @Test void refusesZipsWithoutExactlyOneTsv() throws Exception {
        String text = CATALOG_HEADER + "\n" + String.join("\n", GOOD) + "\n";
        var two = TsvFixtures.zip(dir, "two.zip", "a.tsv", text, "b.tsv", text);
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(two));
        assertEquals("1102", e.refusal().reason().code());
        var none = TsvFixtures.zip(dir, "none.zip", "a.txt", text);
        assertEquals("1102", assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(none))
                .refusal().reason().code());
        var absent = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(dir.resolve("absent.tsv")));
        assertEquals("1101", absent.refusal().reason().code());
        assertEquals(dir.resolve("absent.tsv") + "：文件不存在", absent.refusal().detail());
    }

    private RefusedException refused(Path file) {
        return assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
    }

    /** An empty zip is only its end record (PK 5 6): it is a zip without a .tsv, not a TSV without columns. */
    @Test void anEmptyZipIsAZipWithoutATsv() throws Exception {
        byte[] end = new byte[22];
        end[0] = 'P';
        end[1] = 'K';
        end[2] = 5;
        end[3] = 6;
        RefusedException e = refused(Files.write(dir.resolve("empty.zip"), end));
        assertEquals("1102", e.refusal().reason().code(), e.refusal().errMsg());
        assertEquals("empty.zip：压缩包内没有 .tsv 文件", e.refusal().detail());
    }

    private byte[] zipBytes() throws Exception {
        StringBuilder text = new StringBuilder(CATALOG_HEADER + "\n");
        for (int i = 0; i < 40; i++) text.append(cat("X" + i, "01", "0", "0", "null", "2026-01-01", "null", "20260101")).append('\n');
        return Files.readAllBytes(TsvFixtures.zip(dir, "good.zip", "catalog.tsv", text.toString()));
    }

    private static void assertDamaged(RefusedException e, String name) {
        String detail = e.refusal().detail();
        assertEquals("1101", e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(detail.startsWith(name + "：压缩包已损坏，"), detail);
        assertTrue(detail.substring(name.length()).replaceAll("zip|tsv|CRC", "").matches("[^A-Za-z]*"), detail);
    }

    /** A cut-short zip is damaged (1101, in Chinese), wherever it was cut, not "压缩包须且只能包含一个 .tsv 文件：unexpected EOF". */
    @Test void aTruncatedZipIsDamaged() throws Exception {
        byte[] zip = zipBytes();
        for (int length : new int[] {10, 29, 31, 60, zip.length / 2, zip.length - 60, zip.length - 1}) {
            Path cut = Files.write(dir.resolve("cut.zip"), java.util.Arrays.copyOf(zip, length));
            assertDamaged(refused(cut), "cut.zip");
        }
    }

    /**
     * A zip without its central directory (cut off just before it) is refused as damaged too: the
     * entry's CRC and size would check out, but a missing directory almost always means a transfer
     * cut short, and a cut inside a second entry's local header would then go unseen.
     */
    @Test void aZipWithoutItsCentralDirectoryIsDamaged() throws Exception {
        byte[] zip = zipBytes();
        int central = -1;
        for (int i = zip.length - 4; i >= 0 && central < 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) central = i;
        }
        Path stripped = Files.write(dir.resolve("stripped.zip"), java.util.Arrays.copyOf(zip, central));
        RefusedException e = refused(stripped);
        assertDamaged(e, "stripped.zip");
        assertEquals("stripped.zip：压缩包已损坏，找不到中央目录（文件可能不完整）", e.refusal().detail());
    }

    /** Any one flipped bit past the magic is either harmless (same rows) or refused with a Chinese reason. */
    @Test void everyFlippedBitIsHarmlessOrRefusedInChinese() throws Exception {
        for (boolean stored : new boolean[] {false, true}) {
            byte[] zip = stored ? storedZipBytes() : zipBytes();
            for (int offset = 4; offset < zip.length; offset++) {
                byte[] flipped = zip.clone();
                flipped[offset] ^= (byte) (1 << (offset % 8));
                Path file = Files.write(dir.resolve("flip.zip"), flipped);
                try {
                    assertEquals(40, CatalogFiles.readCatalog(file).codeCount(), "offset " + offset);
                } catch (RefusedException e) {
                    String code = e.refusal().reason().code();
                    assertTrue(code.equals("1101") || code.equals("1102"), offset + ": " + e.refusal().errMsg());
                    if (code.equals("1101")) assertDamaged(e, "flip.zip");
                }
            }
        }
    }

    private byte[] storedZipBytes() throws Exception {
        StringBuilder text = new StringBuilder(CATALOG_HEADER + "\n");
        for (int i = 0; i < 40; i++) text.append(cat("X" + i, "01", "0", "0", "null", "2026-01-01", "null", "20260101")).append('\n');
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        var entry = new java.util.zip.ZipEntry("catalog.tsv");
        entry.setMethod(java.util.zip.ZipEntry.STORED);
        entry.setSize(data.length);
        var crc = new java.util.zip.CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(entry);
            zip.write(data);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private void assertRefused(String code, String where, String badLine) throws Exception {
        List<String> lines = List.of(GOOD.get(0), badLine, GOOD.get(2));
        Path file = TsvFixtures.write(dir, "bad.tsv", CATALOG_HEADER, lines);
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().startsWith("bad.tsv"), e.refusal().detail());
        assertTrue(e.refusal().detail().contains(where), e.refusal().detail());
    }

    private void assertRefusedText(String code, String where, String text) throws Exception {
        Path file = TsvFixtures.write(dir, "c.tsv", text);
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().contains(where), e.refusal().detail());
    }
}
