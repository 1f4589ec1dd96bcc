package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.catalog.TsvFixtures.CODEMAP_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.map;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.RefusedException;

class CodeMapFilesTest {
    @TempDir Path dir;

    @Test void mapsLocalCodesOnDatesAcrossAChangeOfNationalCode() throws Exception {
        var map = CatalogFiles.readCodeMap(TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "2026-03-31"),
                map("L1", "XA02", "2026-04-01", "null"),
                map("L2", "XB02", "20260101", "20261231"))));
        assertEquals("XA01", map.nationalCode("L1", LocalDate.of(2026, 3, 31)).orElseThrow());
        assertEquals("XA02", map.nationalCode("L1", LocalDate.of(2026, 4, 1)).orElseThrow());
        assertTrue(map.nationalCode("L1", LocalDate.of(2025, 12, 31)).isEmpty());
        assertTrue(map.nationalCode("L2", LocalDate.of(2027, 1, 1)).isEmpty());
        assertTrue(map.nationalCode("L9", LocalDate.of(2026, 5, 1)).isEmpty());
        assertEquals(16, map.version().length());
    }

    @Test void refusesOverlappingMappingsOfOneLocalCodeToDifferentNationalCodes() throws Exception {
        Path file = TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "null"),
                map("L2", "XB02", "2026-01-01", "null"),
                map("L1", "XA02", "2026-04-01", "2026-05-01")));
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCodeMap(file));
        assertEquals("1113", e.refusal().reason().code());
        assertEquals("map.tsv 第 4 行 fixmedins_hilist_id 列：L1 在 2026-04-01~2026-05-01 对照 XA02，"
                + "与第 2 行在 2026-01-01~ 对照的 XA01 在 2026-04-01~2026-05-01 重叠（同一日期只能对照一个国家编码）",
                e.refusal().detail());
        assertTrue(e.refusal().errMsg().contains("不同的国家编码"), e.refusal().errMsg());
    }

    @Test void acceptsOverlappingMappingsOfOneLocalCodeToTheSameNationalCode() throws Exception {
        var map = CatalogFiles.readCodeMap(TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "null"),
                map("L1", "XA01", "2026-04-01", "2026-05-01"),
                map("L1", "XA01", "2026-04-15", "2026-12-31"))));
        for (LocalDate day : List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 20), LocalDate.of(2027, 1, 1))) {
            assertEquals("XA01", map.nationalCode("L1", day).orElseThrow(), day.toString());
        }
        assertEquals(3, map.rows("L1").size());
    }

    @Test void acceptsAdjacentRangesAndSameDayMappingsOfDifferentCodes() throws Exception {
        var map = CatalogFiles.readCodeMap(TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "2026-01-01"),
                map("L1", "XA02", "2026-01-02", "2026-01-02"),
                map("L2", "XA01", "2026-01-01", "2026-01-02"))));
        assertEquals("XA01", map.nationalCode("L1", LocalDate.of(2026, 1, 1)).orElseThrow());
        assertEquals("XA02", map.nationalCode("L1", LocalDate.of(2026, 1, 2)).orElseThrow());
    }

    @Test void acceptsAHeaderOnlyCodeMapThatMapsNothing() throws Exception {
        // A pharmacy whose POS always sends national codes has an empty 对照 table.
        var map = CatalogFiles.readCodeMap(TsvFixtures.write(dir, "empty.tsv", CODEMAP_HEADER + "\n"));
        assertTrue(map.nationalCode("L1", LocalDate.of(2026, 3, 1)).isEmpty());
        assertTrue(map.rows("L1").isEmpty());
        assertEquals(16, map.version().length());
    }

    @Test void refusesBadRows() throws Exception {
        Path file = TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "null", "2026-01-01", "null")));
        var e = assertThrows(RefusedException.class, () -> CatalogFiles.readCodeMap(file));
        assertEquals("1106", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("map.tsv 第 2 行 med_list_codg 列"), e.refusal().detail());
    }
}
