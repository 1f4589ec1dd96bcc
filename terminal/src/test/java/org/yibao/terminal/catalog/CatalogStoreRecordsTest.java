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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.CorruptDatabaseException;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * What the store keeps is what the file said: every field of every catalogue and code-map row read
 * back from SQLite equals the row read from the file (names and types left empty, a restricted
 * row, a price cap below the fen, a one-day range, an open end), in begin-date order whatever the
 * file's order; the import records; the versions in use read without writing; the mapped codes
 * missing from the catalogue, in order and up to the limit; and a look-up connection that refuses
 * a file that is no database by quarantining it. Found by mutation testing: the packed fields and
 * the store's read-only helpers were never compared with their file.
 */
class CatalogStoreRecordsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir Path dir;

    private static final List<String> ROWS = List.of(
            cat("XB02", "02", "0.1000", "0.15", "0.0125", "2026-07-01", "null", "2026.10"),
            String.join("\t", "XA01", "null", "201", "01", "null", "0", "0", "null", "1", "20260101", "20260101", "2026.9"),
            cat("XB02", "02", "0.2", "0.25", "null", "2026-01-01", "2026-06-30", "2026.2"),
            String.join("\t", "XC03", "丙类药", "301", "03", "14", "null", "null", "999999999.9999", "0", "2026-01-01", "null", "10"));

    @Test void everyFieldOfEveryRowComesBackAsTheFileSaidIt() throws Exception {
        Path file = TsvFixtures.write(dir, "cat.tsv", CATALOG_HEADER, ROWS);
        var memory = CatalogFiles.readCatalog(file);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            CatalogStore store = new CatalogStore(db, CLOCK);
            ImportRecord record = store.importCatalog(file);
            assertEquals("2026.10", record.version(), "natural order: 2026.10 after 2026.9, and after 10");
            assertEquals("2026.10", record.maxVer());
            assertEquals(4, record.rows());
            assertEquals(T0, record.importedAt());
            try (SqlCatalog sql = store.catalog()) {
                for (String code : List.of("XA01", "XB02", "XC03")) {
                    assertEquals(memory.rows(code), sql.rows(code), code);
                }
                assertEquals(2, sql.rows("XB02").size());
                assertEquals(LocalDate.of(2026, 1, 1), sql.rows("XB02").getFirst().beginDate(), "oldest first");
                var a = sql.find("XA01", LocalDate.of(2026, 1, 1)).orElseThrow();
                assertNull(a.name());
                assertNull(a.chrgitmType());
                assertTrue(a.restrictedUse());
                assertEquals("201", a.listType());
                assertTrue(sql.find("XA01", LocalDate.of(2026, 1, 2)).isEmpty());
                assertEquals("0.0125", sql.find("XB02", LocalDate.of(2026, 7, 1)).orElseThrow().priceCap().toPlainString());
                assertEquals("0.2", sql.find("XB02", LocalDate.of(2026, 6, 30)).orElseThrow().selfpayProp310().toPlainString());
                assertEquals(List.of(), sql.rows("NOPE"));
                assertEquals("2026.10", sql.version());
            }
            assertEquals(Optional.of(record), CatalogStore.catalogInUse(db));
            assertEquals(Optional.empty(), CatalogStore.codeMapInUse(db));
        }
    }

    @Test void everyMappingComesBackAsTheFileSaidItAndTheMissingCodesAreListedInOrderUpToTheLimit() throws Exception {
        Path catalog = TsvFixtures.write(dir, "cat.tsv", CATALOG_HEADER, ROWS);
        Path codeMap = TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "ZZ02", "2026-04-01", "null"),
                "L1\tnull\t301\tXA01\t20260101\t20260331",
                map("L2", "XB02", "2026-01-01", "2026-01-01"),
                map("L3", "ZZ01", "2026-01-01", "null"),
                map("L4", "ZZ01", "2026-01-01", "null"),
                map("L5", "ZZ03", "2026-01-01", "null")));
        var memory = CatalogFiles.readCodeMap(codeMap);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            CatalogStore store = new CatalogStore(db, CLOCK);
            store.importCatalog(catalog);
            ImportRecord record = store.importCodeMap(codeMap);
            assertNull(record.maxVer(), "a code map has no ver");
            assertEquals(memory.version(), record.version());
            assertEquals(6, record.rows());
            try (SqlCodeMap sql = store.codeMap()) {
                for (String local : List.of("L1", "L2", "L3", "L9")) assertEquals(memory.rows(local), sql.rows(local), local);
                assertEquals("XA01", sql.rows("L1").getFirst().nationalCode(), "oldest first");
                assertNull(sql.rows("L1").getFirst().localName());
                assertEquals("XB02", sql.nationalCode("L2", LocalDate.of(2026, 1, 1)).orElseThrow());
                assertTrue(sql.nationalCode("L2", LocalDate.of(2026, 1, 2)).isEmpty());
                assertTrue(sql.nationalCode("L2", LocalDate.of(2025, 12, 31)).isEmpty());
            }
            assertEquals(List.of("ZZ01", "ZZ02", "ZZ03"), store.mappedCodesMissingFromCatalog(10));
            assertEquals(List.of("ZZ01", "ZZ02"), store.mappedCodesMissingFromCatalog(2));
            assertEquals(Optional.of(record), CatalogStore.codeMapInUse(db));
            assertEquals(Optional.of(record), store.currentCodeMap());
        }
    }

    @Test void theVersionsInUseAreReadWithoutCreatingAnything() throws Exception {
        Path file = dir.resolve("other.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (x)");
                }
                return null;
            });
        }
        try (SqliteDatabase readOnly = SqliteDatabase.openReadOnly(file)) {
            assertEquals(Optional.empty(), CatalogStore.catalogInUse(readOnly));
            assertEquals(Optional.empty(), CatalogStore.codeMapInUse(readOnly));
        }
        try (Connection c = CatalogStore.openLookupConnection(file)) {
            assertFalse(CatalogStore.tablesExist(c), "no catalogue tables were made");
            var e = assertThrows(java.sql.SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE u (y)");
                }
            });
            assertTrue(e.getMessage().contains("readonly") || e.getMessage().contains("query_only"), e.getMessage());
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            new CatalogStore(db, CLOCK);
        }
        try (Connection c = CatalogStore.openReadableLookupConnection(file, CLOCK)) {
            assertTrue(CatalogStore.tablesExist(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA query_only")) {
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test void aLookUpOnAFileThatIsNoDatabaseQuarantinesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("terminal.db"), "this is not a database, it is text ".repeat(200));
        var e = assertThrows(CorruptDatabaseException.class, () -> CatalogStore.openReadableLookupConnection(file, CLOCK));
        assertEquals(file.toAbsolutePath(), e.original());
        assertFalse(Files.exists(file), "moved aside");
        assertTrue(Files.exists(e.quarantined()));
        assertEquals(List.of(e.quarantined()), SqliteDatabase.quarantinedCopies(file));
    }

    @Test void anImportOfManyRowsKeepsEachInFileOrderAcrossTheBatches() throws Exception {
        List<String> lines = new ArrayList<>();
        int rows = 64 * 3 + 5; // whole groups of the many-row insert, and a rest inserted one by one
        for (int i = 0; i < rows; i++) {
            lines.add(cat(String.format("C%04d", i), "02", "0.1", "0.2", "null", "2026-01-01", "null", Integer.toString(i)));
        }
        lines.add(cat("C0100", "02", "0.1", "0.2", "null", "2025-01-01", "2025-12-31", "1")); // an earlier range of a code
        Path file = TsvFixtures.write(dir, "many.tsv", CATALOG_HEADER, lines);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            CatalogStore store = new CatalogStore(db, CLOCK);
            assertEquals(rows + 1, store.importCatalog(file).rows());
            assertEquals(Integer.toString(rows - 1), store.currentCatalog().orElseThrow().version());
            try (SqlCatalog sql = store.catalog()) {
                for (int i = 0; i < rows; i++) {
                    String code = String.format("C%04d", i);
                    assertEquals(Integer.toString(i), sql.find(code, LocalDate.of(2026, 1, 1)).orElseThrow().version(), code);
                }
                assertEquals("1", sql.find("C0100", LocalDate.of(2025, 6, 1)).orElseThrow().version());
            }
            // the overlap check reads keys by rowid: a clash in the rows inserted one by one is found and named
            lines.add(cat("C0196", "02", "0.1", "0.2", "null", "2026-06-01", "null", "9"));
            var e = assertThrows(org.yibao.terminal.domain.RefusedException.class,
                    () -> store.importCatalog(TsvFixtures.write(dir, "clash.tsv", CATALOG_HEADER, lines)));
            assertEquals("clash.tsv 第 200 行 med_list_codg 列：C0196 的有效期 2026-06-01~ 与第 198 行的 2026-01-01~ 重叠",
                    e.refusal().detail());
        }
    }
}
