package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.catalog.TsvFixtures.CATALOG_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.CODEMAP_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.cat;
import static org.yibao.terminal.catalog.TsvFixtures.map;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * The catalogue's and code map's fields at the exact edges the contract states
 * (spec/policy-and-catalog.md, the README's "Catalogue and 对照 code map"): ratios in [0, 1] with at
 * most 4 decimals, price caps above 0, the two date forms (strict), a one-day range, the allowed
 * values of list_type, chrgitm_lv and lmt_used_flag, the header's rules, and each refusal's whole
 * located detail ({@code FILE 第 N 行 COLUMN 列：reason}). Found by mutation testing: these edges
 * were reached by the tests but never pinned.
 */
class CatalogFieldEdgesTest {
    @TempDir Path dir;

    private static final LocalDate D = LocalDate.of(2026, 3, 1);

    private CatalogEntry one(String line) throws Exception {
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "one.tsv", CATALOG_HEADER, List.of(line)));
        return catalog.rows(line.substring(0, line.indexOf('\t')).strip()).getFirst();
    }

    /** The detail of the refusal of a file whose data line 2 is {@code line}. */
    private String refused(String code, String line) throws Exception {
        var file = TsvFixtures.write(dir, "bad.tsv", CATALOG_HEADER, List.of(line));
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        return e.refusal().detail();
    }

    private static String ratioLine(String p310) {
        return cat("B", "02", p310, "0", "null", "2026-01-01", "null", "1");
    }

    private static String capLine(String cap) {
        return cat("B", "02", "0", "0", cap, "2026-01-01", "null", "1");
    }

    @Test void ratiosFromZeroToOneWithFourDecimalsAreTakenExactly() throws Exception {
        assertEquals(new BigDecimal("1"), one(ratioLine("1")).selfpayProp310());
        assertEquals(new BigDecimal("1.0000"), one(ratioLine("1.0000")).selfpayProp310());
        assertEquals(new BigDecimal("0"), one(ratioLine("0")).selfpayProp310());
        assertEquals(new BigDecimal("0.1234"), one(ratioLine("0.1234")).selfpayProp310());
        assertEquals(new BigDecimal("0.12340000"), one(ratioLine("0.12340000")).selfpayProp310(), "trailing zeros are no decimals");
        assertEquals(new BigDecimal("0.5"), one(ratioLine("00.5")).selfpayProp310());
    }

    @Test void ratiosOutsideZeroToOneOrWithAFifthDecimalOrNotAPlainDecimalAreRefused() throws Exception {
        assertEquals("bad.tsv 第 2 行 selfpay_prop_310 列：须为 0 到 1 之间的小数，实为 1.0001", refused("1108", ratioLine("1.0001")));
        assertEquals("bad.tsv 第 2 行 selfpay_prop_310 列：须为 0 到 1 之间的小数，实为 2", refused("1108", ratioLine("2")));
        assertEquals("bad.tsv 第 2 行 selfpay_prop_310 列：最多 4 位小数，实为 0.12345", refused("1108", ratioLine("0.12345")));
        for (String notPlain : List.of(".5", "1.", "1e-1", "+0.5", "-0", "0,5", "0.5a", "a.5", "0x1", "0.1.2")) {
            assertEquals("bad.tsv 第 2 行 selfpay_prop_310 列：须为 0 到 1 之间的小数，实为 " + notPlain,
                    refused("1108", ratioLine(notPlain)), notPlain);
        }
        assertEquals("bad.tsv 第 2 行 selfpay_prop_390 列：须为 0 到 1 之间的小数，实为 1.5",
                refused("1108", cat("B", "02", "0.1", "1.5", "null", "2026-01-01", "null", "1")));
        assertEquals("bad.tsv 第 2 行 selfpay_prop_390 列：甲类的自付比例须为 0，实为 0.0001",
                refused("1108", cat("A", "01", "0", "0.0001", "null", "2026-01-01", "null", "1")));
        assertEquals("bad.tsv 第 2 行 selfpay_prop_310 列：乙类药品须填写自付比例（0 到 1 的小数），不能为空",
                refused("1106", ratioLine("")));
    }

    @Test void classARowsTakeZeroWrittenAnyWayAndClassCRowsAnyRatio() throws Exception {
        CatalogEntry a = one(cat("A", "01", "0.0000", "0", "null", "2026-01-01", "null", "1"));
        assertEquals(0, a.selfpayProp310().signum());
        CatalogEntry c = one(cat("C", "03", "0.3", "1", "null", "2026-01-01", "null", "1"));
        assertEquals(new BigDecimal("0.3"), c.selfpayProp310());
        assertEquals(new BigDecimal("1"), c.selfpayProp390());
    }

    @Test void priceCapsAboveZeroWithFourDecimalsAreTakenAndTheRestRefused() throws Exception {
        assertEquals(new BigDecimal("0.0001"), one(capLine("0.0001")).priceCap());
        assertEquals(new BigDecimal("999999999.9999"), one(capLine("999999999.9999")).priceCap());
        assertEquals(new BigDecimal("1.000000000000"), one(capLine("1.000000000000")).priceCap(), "12 decimals, all zeros");
        assertNull(one(capLine("")).priceCap());
        assertNull(one(capLine(" null ")).priceCap());
        assertEquals("bad.tsv 第 2 行 pric_uplmt_amt 列：最多 4 位小数，实为 0.00001", refused("1109", capLine("0.00001")));
        for (String bad : List.of("0", "0.0000", "-1", "1e3", "1.", ".5", "1234567890", "1.0000000000000", "12a")) {
            assertEquals("bad.tsv 第 2 行 pric_uplmt_amt 列：须为空或大于 0 的金额，实为 " + bad, refused("1109", capLine(bad)), bad);
        }
    }

    @Test void datesInEitherFormStrictlyAndAOneDayRange() throws Exception {
        CatalogEntry day = one(cat("B", "02", "0", "0", "null", "20260301", "2026-03-01", "1"));
        assertEquals(LocalDate.of(2026, 3, 1), day.beginDate());
        assertEquals(LocalDate.of(2026, 3, 1), day.endDate());
        assertTrue(day.validOn(D));
        assertFalse(day.validOn(D.minusDays(1)));
        assertFalse(day.validOn(D.plusDays(1)));
        assertEquals(LocalDate.of(2024, 2, 29), one(cat("B", "02", "0", "0", "null", "20240229", "null", "1")).beginDate());
        assertEquals("bad.tsv 第 2 行 begndate 列：不是有效日期：20260229",
                refused("1110", cat("B", "02", "0", "0", "null", "20260229", "null", "1")));
        assertEquals("bad.tsv 第 2 行 begndate 列：不是有效日期：2026-13-01",
                refused("1110", cat("B", "02", "0", "0", "null", "2026-13-01", "null", "1")));
        for (String bad : List.of("2026-1-01", "2026-01-1", "2026010", "202601011", "2026/01/01", "2026-01-0a",
                "2026x01-01", "2026-01x01", "a0260101", "2026010a", "26-01-01", "2026-01-010")) {
            assertEquals("bad.tsv 第 2 行 begndate 列：须为 yyyy-MM-dd 或 yyyyMMdd，实为 " + bad,
                    refused("1110", cat("B", "02", "0", "0", "null", bad, "null", "1")), bad);
        }
        assertEquals("bad.tsv 第 2 行 begndate 列：不能为空", refused("1106", cat("B", "02", "0", "0", "null", "null", "null", "1")));
        assertEquals("bad.tsv 第 2 行 enddate 列：结束日期 2026-02-28 早于开始日期 2026-03-01",
                refused("1111", cat("B", "02", "0", "0", "null", "2026-03-01", "20260228", "1")));
    }

    @Test void theCodedColumnsTakeExactlyTheirValues() throws Exception {
        for (String listType : List.of("101", "102", "201", "301")) {
            assertEquals(listType, one(String.join("\t", "X", "药", listType, "01", "09", "0", "0", "null", "0",
                    "2026-01-01", "null", "1")).listType());
        }
        assertEquals("bad.tsv 第 2 行 list_type 列：须为 101/102/201/301 之一，实为 401",
                refused("1107", String.join("\t", "X", "药", "401", "01", "09", "0", "0", "null", "0", "2026-01-01", "null", "1")));
        assertEquals("bad.tsv 第 2 行 chrgitm_lv 列：须为 01/02/03 之一，实为 1",
                refused("1107", cat("X", "1", "0", "0", "null", "2026-01-01", "null", "1")));
        CatalogEntry restricted = one(String.join("\t", "X", "药", "101", "02", "09", "0.1", "0.1", "null", "1",
                "2026-01-01", "null", "1"));
        assertTrue(restricted.restrictedUse());
        assertFalse(one(cat("X", "02", "0.1", "0.1", "null", "2026-01-01", "null", "1")).restrictedUse());
        assertEquals("bad.tsv 第 2 行 lmt_used_flag 列：不能为空", refused("1106", String.join("\t", "X", "药", "101", "02", "09",
                "0.1", "0.1", "null", "null", "2026-01-01", "null", "1")));
        CatalogEntry bare = one(String.join("\t", " X ", "null", "101", "03", "", "null", "null", "null", "0",
                "2026-01-01", "", " v1 "));
        assertEquals("X", bare.code());
        assertNull(bare.name());
        assertNull(bare.chrgitmType());
        assertNull(bare.endDate());
        assertEquals("v1", bare.version());
    }

    @Test void theHeaderMayCarryOtherColumnsAndSpacesButEveryNamedOneOnce() throws Exception {
        String header = " med_list_codg \textra\t" + String.join("\t", CatalogColumns.ALL.subList(1, CatalogColumns.ALL.size()))
                + "\textra";
        String line = "XA01\tx\t药品\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t7\ty";
        var catalog = CatalogFiles.readCatalog(TsvFixtures.write(dir, "extra.tsv", header + "\n" + line + "\n"));
        CatalogEntry e = catalog.find("XA01", D).orElseThrow();
        assertEquals("药品", e.name());
        assertEquals("7", catalog.version());

        var missing = TsvFixtures.write(dir, "m.tsv", CATALOG_HEADER.replace("\tbegndate", "").replace("\tver", "") + "\n");
        var m = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(missing));
        assertEquals("1104", m.refusal().reason().code());
        assertEquals("m.tsv 第 1 行：缺少列 begndate, ver", m.refusal().detail());
        var twice = TsvFixtures.write(dir, "t.tsv", CATALOG_HEADER + "\tlist_type\n");
        assertEquals("t.tsv 第 1 行：列 list_type 出现两次",
                assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(twice)).refusal().detail());
        var wide = TsvFixtures.write(dir, "w.tsv", CATALOG_HEADER, List.of(
                cat("XA01", "01", "0", "0", "null", "2026-01-01", "null", "1"),
                cat("XA02", "01", "0", "0", "null", "2026-01-01", "null", "1") + "\t"));
        var w = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(wide));
        assertEquals("1105", w.refusal().reason().code());
        assertEquals("w.tsv 第 3 行：有 13 列，表头有 12 列", w.refusal().detail());
    }

    @Test void blankLinesAreSkippedButCountedInTheLineNumbers() throws Exception {
        var file = TsvFixtures.write(dir, "gaps.tsv", CATALOG_HEADER + "\n\n   \r\n"
                + cat("XA01", "01", "0", "0", "null", "2026-01-01", "null", "1") + "\n\n"
                + cat("XA01", "01", "0", "0", "null", "2026-01-01", "null", "2") + "\n");
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals("1112", e.refusal().reason().code());
        assertEquals("gaps.tsv 第 6 行 med_list_codg 列：XA01 的有效期 2026-01-01~ 与第 4 行的 2026-01-01~ 重叠",
                e.refusal().detail());
        var summary = CatalogFiles.scanCatalog(TsvFixtures.write(dir, "ok.tsv", CATALOG_HEADER + "\n\n"
                + cat("XA01", "01", "0", "0", "null", "2026-01-01", "null", "1") + "\n\n"), (row, line) -> assertEquals(3, line));
        assertEquals(1, summary.rows());
        assertEquals("1", summary.version());
    }

    @Test void theCodeMapsFieldsAreCheckedAsTheCataloguesAre() throws Exception {
        var map = CatalogFiles.readCodeMap(TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                "L1\tnull\t102\tXA01\t20260101\t20260101")));
        CodeMapRow row = map.rows("L1").getFirst();
        assertNull(row.localName());
        assertEquals("102", row.listType());
        assertEquals(LocalDate.of(2026, 1, 1), row.endDate());
        assertEquals("XA01", map.nationalCode("L1", LocalDate.of(2026, 1, 1)).orElseThrow());
        assertTrue(map.nationalCode("L1", LocalDate.of(2026, 1, 2)).isEmpty());
        for (var bad : List.of(
                List.of("L1\t本地\t999\tXA01\t2026-01-01\tnull", "1107", "map.tsv 第 2 行 list_type 列：须为 101/102/201/301 之一，实为 999"),
                List.of("null\t本地\t101\tXA01\t2026-01-01\tnull", "1106", "map.tsv 第 2 行 fixmedins_hilist_id 列：不能为空"),
                List.of("L1\t本地\t101\tXA01\t2026-02-30\tnull", "1110", "map.tsv 第 2 行 begndate 列：不是有效日期：2026-02-30"),
                List.of("L1\t本地\t101\tXA01\t2026-01-02\t2026-01-01", "1111", "map.tsv 第 2 行 enddate 列：结束日期 2026-01-01 早于开始日期 2026-01-02"),
                List.of("L1\t本地\t101\tXA01\t2026-01-01\t2026-1-1", "1110", "map.tsv 第 2 行 enddate 列：须为 yyyy-MM-dd 或 yyyyMMdd，实为 2026-1-1"))) {
            var file = TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(bad.get(0)));
            var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCodeMap(file));
            assertEquals(bad.get(1), e.refusal().reason().code(), bad.get(2));
            assertEquals(bad.get(2), e.refusal().detail());
        }
    }

    /** An overlap's detail names both catalogue lines and ranges, the later line first, whichever began first. */
    @Test void aCatalogueOverlapNamesTheLaterLineFirst() throws Exception {
        var file = TsvFixtures.write(dir, "o.tsv", CATALOG_HEADER, List.of(
                cat("A", "02", "0", "0", "null", "2026-06-01", "2026-12-31", "1"),
                cat("A", "02", "0", "0", "null", "2026-01-01", "2026-06-01", "1")));
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(file));
        assertEquals("o.tsv 第 3 行 med_list_codg 列：A 的有效期 2026-01-01~2026-06-01 与第 2 行的 2026-06-01~2026-12-31 重叠",
                e.refusal().detail());
        assertTrue(e.refusal().errMsg().contains("同一目录编码的有效期重叠"), e.refusal().errMsg());
    }

    /** The days two clashing mappings share: the later begin to the earlier end, open only when both are. */
    @Test void aCodeMapOverlapNamesTheDaysBothMappingsShare() throws Exception {
        assertEquals("在 2026-03-01~2026-04-30 重叠", sharedDays(
                map("L1", "XA01", "2026-01-01", "2026-04-30"), map("L1", "XA02", "2026-03-01", "null")));
        assertEquals("在 2026-03-01~2026-04-30 重叠", sharedDays(
                map("L1", "XA01", "2026-01-01", "null"), map("L1", "XA02", "2026-03-01", "2026-04-30")));
        assertEquals("在 2026-03-01~2026-04-30 重叠", sharedDays(
                map("L1", "XA01", "2026-01-01", "2026-05-31"), map("L1", "XA02", "2026-03-01", "2026-04-30")));
        assertEquals("在 2026-03-01~2026-04-30 重叠", sharedDays(
                map("L1", "XA01", "2026-03-01", "2026-04-30"), map("L1", "XA02", "2026-01-01", "2026-05-31")));
        assertEquals("在 2026-03-01~ 重叠", sharedDays(
                map("L1", "XA01", "2026-01-01", "null"), map("L1", "XA02", "2026-03-01", "null")));
    }

    private String sharedDays(String first, String second) throws Exception {
        var file = TsvFixtures.write(dir, "s.tsv", CODEMAP_HEADER, List.of(first, second));
        String detail = assertThrows(RefusedException.class, () -> CatalogFiles.readCodeMap(file)).refusal().detail();
        return detail.substring(detail.lastIndexOf(" 在 ") + 1, detail.indexOf("（"));
    }
}
