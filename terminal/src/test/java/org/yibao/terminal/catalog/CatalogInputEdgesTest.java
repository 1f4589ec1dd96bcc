package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.catalog.TsvFixtures.CATALOG_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.cat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.RefusedException;

/**
 * How a file is opened before its rows are read: a zip is known by its signature and must hold
 * exactly one .tsv (folders inside do not count, the .tsv's case does not matter), a refusal of a
 * zipped file names the entry ({@code FILE!ENTRY 第 N 行}), a folder or a non-UTF-8 or too long
 * header line is refused with its own code, and a damaged zip is described in Chinese whatever the
 * zip library said. Found by mutation testing: each of these branches ran unpinned or not at all.
 */
class CatalogInputEdgesTest {
    @TempDir Path dir;

    private static final String GOOD = CATALOG_HEADER + "\n" + cat("XA01", "01", "0", "0", "null", "2026-01-01", "null", "7") + "\n";

    private RefusedException refused(Path file) {
        return assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
    }

    private Path zip(String name, String... entriesAndTexts) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); var zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entriesAndTexts.length; i += 2) {
                zip.putNextEntry(new ZipEntry(entriesAndTexts[i]));
                if (entriesAndTexts[i + 1] != null) zip.write(entriesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    @Test void aZipWithFoldersAndOneTsvOfAnyCaseIsRead() throws Exception {
        var catalog = CatalogFiles.readCatalog(zip("c.zip", "data/", null, "data/CATALOG.TSV", GOOD));
        assertEquals("7", catalog.version());
        assertTrue(catalog.find("XA01", LocalDate.of(2026, 1, 1)).isPresent());
    }

    @Test void aZipsContentIsRefusedNamingTheZipAndItsEntry() throws Exception {
        String bad = GOOD + cat("XB02", "02", "null", "0", "null", "2026-01-01", "null", "1") + "\n";
        assertEquals("c.zip!in/catalog.tsv 第 3 行 selfpay_prop_310 列：乙类药品须填写自付比例（0 到 1 的小数），不能为空",
                refused(zip("c.zip", "in/catalog.tsv", bad)).refusal().detail());
        assertEquals("e.zip!e.tsv：目录只有表头，没有任何药品（导入后每一行都会按自费结算）".replace("e.zip!e.tsv", "e.zip"),
                refused(zip("e.zip", "e.tsv", CATALOG_HEADER + "\n")).refusal().detail(), "the summary names the file");
    }

    @Test void aZipMustHoldExactlyOneTsvAndNothingElse() throws Exception {
        RefusedException two = refused(zip("two.zip", "a.tsv", GOOD, "b.tsv", GOOD));
        assertEquals("1102", two.refusal().reason().code());
        assertEquals("two.zip：除 .tsv 外还有 b.tsv", two.refusal().detail());
        RefusedException other = refused(zip("other.zip", "a.tsv", GOOD, "readme.txt", "x"));
        assertEquals("other.zip：除 .tsv 外还有 readme.txt", other.refusal().detail());
        RefusedException notTsv = refused(zip("txt.zip", "a.txt", GOOD));
        assertEquals("1102", notTsv.refusal().reason().code());
        assertEquals("txt.zip：压缩包内有非 .tsv 文件 a.txt", notTsv.refusal().detail());
        RefusedException folders = refused(zip("dirs.zip", "a/", null, "b/", null));
        assertEquals("dirs.zip：压缩包内没有 .tsv 文件", folders.refusal().detail());
    }

    @Test void aFileNamedZipThatIsTextIsReadAsText() throws Exception {
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "looks.zip", GOOD));
        assertEquals("7", catalog.version());
        var pk = refused(TsvFixtures.write(dir, "pk.tsv", "PK\u0001\u0002" + GOOD));
        assertEquals("1104", pk.refusal().reason().code(), "only PK 3 4 and PK 5 6 open a zip");
    }

    @Test void aFolderIsUnreadable() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder.tsv"));
        RefusedException e = refused(folder);
        assertEquals("1101", e.refusal().reason().code());
        assertEquals(folder + "：是目录，不是文件", e.refusal().detail());
    }

    @Test void theHeaderLineIsCheckedForUtf8AndLengthAsTheRowsAre() throws Exception {
        byte[] gbk = (CATALOG_HEADER + "\t医保\n").getBytes(java.nio.charset.Charset.forName("GBK"));
        RefusedException e = refused(Files.write(dir.resolve("gbk.tsv"), gbk));
        assertEquals("1103", e.refusal().reason().code());
        assertEquals("gbk.tsv 第 1 行：含有非 UTF-8 字节", e.refusal().detail());
        RefusedException tooLong = refused(TsvFixtures.write(dir, "long.tsv", CATALOG_HEADER + "\t" + "x".repeat(Utf8LineReader.MAX_LINE_BYTES) + "\n"));
        assertEquals("1119", tooLong.refusal().reason().code());
        assertEquals("long.tsv 第 1 行：超过 1048576 字节", tooLong.refusal().detail());
        RefusedException bomOnly = refused(TsvFixtures.write(dir, "bom.tsv", "\uFEFF\n"));
        assertEquals("1104", bomOnly.refusal().reason().code());
        assertTrue(bomOnly.refusal().detail().startsWith("bom.tsv 第 1 行：缺少列 med_list_codg, med_list_name,"),
                bomOnly.refusal().detail());
    }

    /**
     * The limit is on the line, its line end aside: a line of exactly {@link Utf8LineReader#MAX_LINE_BYTES}
     * bytes is read (with LF, with CRLF, or last without one), one byte more is refused 1119. Before,
     * the buffer could not grow past the limit and had to hold the LF too, so a line of exactly the
     * limit was refused as "超过 1048576 字节", which it is not.
     */
    @Test void aLineOfExactlyTheLimitIsReadAndOneByteMoreIsRefused() throws Exception {
        String rest = String.join("\t", "L1", "", "101", "01", "09", "0", "0", "null", "0", "2026-01-01", "null", "1");
        String name = "x".repeat(Utf8LineReader.MAX_LINE_BYTES - rest.length());
        String line = rest.replace("L1\t\t", "L1\t" + name + "\t");
        assertEquals(Utf8LineReader.MAX_LINE_BYTES, line.getBytes(StandardCharsets.UTF_8).length);
        for (String end : List.of("\n", "\r\n", "")) {
            var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "limit.tsv", CATALOG_HEADER + "\n" + line + end));
            assertEquals(name, catalog.find("L1", LocalDate.of(2026, 1, 1)).orElseThrow().name(), "line end " + end.length());
        }
        String over = line.replace("L1\t", "L1\tx");
        for (String end : List.of("\n", "\r\n", "")) {
            RefusedException e = refused(TsvFixtures.write(dir, "over.tsv", CATALOG_HEADER + "\n" + over + end));
            assertEquals("1119", e.refusal().reason().code());
            assertEquals("over.tsv 第 2 行：超过 1048576 字节", e.refusal().detail());
        }
    }

    /** The limit is on each line, wherever it starts in the reader's grown buffer (a 200 KB line after a 700 KB one). */
    @Test void aLineAfterALongOneIsMeasuredFromItsOwnStart() throws Exception {
        String first = String.join("\t", "L1", "a".repeat(700_000), "101", "01", "09", "0", "0", "null", "0", "2026-01-01", "null", "1");
        String second = String.join("\t", "L2", "b".repeat(200_000), "101", "01", "09", "0", "0", "null", "0", "2026-01-01", "null", "1");
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "two.tsv", CATALOG_HEADER + "\n" + first + "\n" + second + "\n"));
        assertEquals(200_000, catalog.find("L2", LocalDate.of(2026, 1, 1)).orElseThrow().name().length());
    }

    /** Lines longer than the reader's first buffer (64 KiB) are read whole, however they fall across its refills. */
    @Test void longLinesAcrossBufferRefillsAreReadWhole() throws Exception {
        String longName = "名".repeat(30_000); // 90,000 bytes: more than the 64 KiB buffer
        StringBuilder text = new StringBuilder(CATALOG_HEADER + "\n");
        for (int i = 0; i < 5; i++) {
            text.append(String.join("\t", "L" + i, longName + i, "101", "01", "09", "0", "0", "null", "0",
                    "2026-01-01", "null", "1")).append("\r\n");
        }
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "long.tsv", text.toString()));
        for (int i = 0; i < 5; i++) {
            assertEquals(longName + i, catalog.find("L" + i, LocalDate.of(2026, 1, 1)).orElseThrow().name());
        }
    }

    @Test void theZipLibrarysEnglishIsToldInChinese() {
        assertEquals("文件不完整（可能被截断）", DamagedZipException.of(new EOFException()).getMessage());
        assertEquals("文件不完整（可能被截断）", DamagedZipException.of(new ZipException("Unexpected end of ZLIB input stream")).getMessage());
        assertEquals("文件不完整（可能被截断）", DamagedZipException.of(new ZipException("unexpected EOF")).getMessage());
        assertEquals("找不到中央目录（文件可能不完整）", DamagedZipException.of(new ZipException("zip END header not found")).getMessage());
        assertEquals("中央目录无效", DamagedZipException.of(new ZipException("invalid END header (bad central directory offset)")).getMessage());
        assertEquals("中央目录无效", DamagedZipException.of(new ZipException("invalid CEN header (bad signature)")).getMessage());
        assertEquals("中央目录无效", DamagedZipException.of(new ZipException("invalid zip64 extra data field size")).getMessage());
        assertEquals("数据校验（CRC）不符", DamagedZipException.of(new ZipException("invalid entry CRC (expected 0x1 but got 0x2)")).getMessage());
        assertEquals("条目大小与记录不符", DamagedZipException.of(new ZipException("invalid entry size (expected 1 but got 2 bytes)")).getMessage());
        assertEquals("本地文件头无效", DamagedZipException.of(new ZipException("invalid LOC header (bad signature)")).getMessage());
        assertEquals("本地文件头无效", DamagedZipException.of(new ZipException("invalid ext descriptor")).getMessage());
        assertEquals("本地文件头无效", DamagedZipException.of(new ZipException("invalid compression method")).getMessage());
        assertEquals("压缩数据无效", DamagedZipException.of(new ZipException(null)).getMessage());
        IOException cause = new ZipException("invalid entry CRC");
        assertEquals(cause, DamagedZipException.of(cause).getCause());
    }

    /**
     * A flipped bit in the compressed data is damaged data, not a damaged local header: zlib's own
     * words ("invalid block type", "invalid stored block lengths") hold "loc" inside "block", and
     * were told to the technician as 本地文件头无效 (the header is sound; the data is not).
     */
    @Test void aBadDeflateBlockIsDamagedDataNotABadLocalHeader() throws Exception {
        assertEquals("压缩数据无效", DamagedZipException.of(new ZipException("invalid stored block lengths")).getMessage());
        assertEquals("压缩数据无效", DamagedZipException.of(new ZipException("invalid block type")).getMessage());
        Path good = zip("good.zip", "catalog.tsv", GOOD);
        byte[] bytes = Files.readAllBytes(good);
        int data = 30 + "catalog.tsv".length(); // the local header, the name, no extra field: the deflate stream
        bytes[data] |= 0x06; // the first block's type 11, which deflate does not have
        RefusedException e = refused(Files.write(dir.resolve("block.zip"), bytes));
        assertEquals("1101", e.refusal().reason().code());
        assertEquals("block.zip：压缩包已损坏，压缩数据无效", e.refusal().detail());
    }

    /** The guarded stream turns the zip library's failures into a damaged zip on single-byte reads too. */
    @Test void theGuardTurnsEveryReadsZipFailureIntoADamagedZip() throws Exception {
        InputStream failing = new InputStream() {
            @Override public int read() throws IOException {
                throw new ZipException("invalid entry CRC");
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                throw new EOFException("Unexpected end of ZLIB input stream");
            }
        };
        InputStream guarded = DamagedZipException.guard(failing);
        assertEquals("数据校验（CRC）不符", assertThrows(DamagedZipException.class, guarded::read).getMessage());
        assertEquals("文件不完整（可能被截断）",
                assertThrows(DamagedZipException.class, () -> guarded.read(new byte[4], 0, 4)).getMessage());
        InputStream fine = DamagedZipException.guard(new ByteArrayInputStream(new byte[] {7, 8}));
        assertEquals(7, fine.read());
        byte[] b = new byte[2];
        assertEquals(1, fine.read(b, 0, 2));
        assertEquals(8, b[0]);
    }
}
