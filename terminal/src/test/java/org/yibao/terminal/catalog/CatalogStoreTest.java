package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.catalog.TsvFixtures.CATALOG_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.CODEMAP_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.cat;
import static org.yibao.terminal.catalog.TsvFixtures.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.RefusedException;

class CatalogStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final LocalDate D = LocalDate.of(2026, 3, 1);

    @TempDir Path dir;
    private SqliteDatabase db;
    private CatalogStore store;

    @BeforeEach void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        store = new CatalogStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach void close() {
        db.close();
    }

    private Path v1() throws Exception {
        return TsvFixtures.write(dir, "v1.tsv", CATALOG_HEADER, List.of(
                cat("XA01", "01", "0", "0", "null", "2026-01-01", "2026-06-30", "20260101"),
                cat("XA01", "01", "0", "0", "12.5", "2026-07-01", "null", "20260701"),
                cat("XB02", "02", "0.1", "0.15", "null", "20260101", "null", "20260101")));
    }

    private Path v2() throws Exception {
        return TsvFixtures.write(dir, "v2.tsv", CATALOG_HEADER, List.of(
                cat("XB02", "02", "0.2", "0.25", "null", "2026-01-01", "null", "20260801"),
                cat("XD04", "03", "1", "1", "null", "2026-01-01", "null", "20260801")));
    }

    @Test void importsAndRecordsMetadataAndLooksUpOnBoundaries() throws Exception {
        Path file = v1();
        ImportRecord record = store.importCatalog(file);
        assertEquals(new ImportRecord("catalog", "v1.tsv", sha256(file), 3, "20260701", "20260701", T0), record);
        assertEquals(record, store.currentCatalog().orElseThrow());
        try (SqlCatalog catalog = store.catalog()) {
            var memory = CatalogFiles.readCatalog(file);
            for (LocalDate day : List.of(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 1),
                    LocalDate.of(2026, 6, 30), LocalDate.of(2026, 7, 1), LocalDate.of(2099, 1, 1))) {
                assertEquals(memory.find("XA01", day), catalog.find("XA01", day), day.toString());
                assertEquals(memory.find("XB02", day), catalog.find("XB02", day), day.toString());
            }
            assertTrue(catalog.find("XA01", LocalDate.of(2025, 12, 31)).isEmpty());
            assertEquals("12.5", catalog.find("XA01", LocalDate.of(2026, 7, 1)).orElseThrow().priceCap().toPlainString());
            assertEquals(2, catalog.rows("XA01").size());
            assertEquals("20260701", catalog.version());
        }
    }

    @Test void importsClassAAndCRowsWithNullRatiosAsZero() throws Exception {
        store.importCatalog(TsvFixtures.write(dir, "nulls.tsv", CATALOG_HEADER, List.of(
                cat("XA01", "01", "null", "null", "null", "2026-01-01", "null", "1"),
                cat("XC03", "03", "null", "null", "null", "2026-01-01", "null", "1"))));
        try (SqlCatalog catalog = store.catalog()) {
            assertEquals("0", catalog.find("XA01", D).orElseThrow().selfpayProp310().toPlainString());
            assertEquals("0", catalog.find("XC03", D).orElseThrow().selfpayProp390().toPlainString());
        }
    }

    @Test void importsZippedFile() throws Exception {
        String text = Files.readString(v1());
        Path zip = TsvFixtures.zip(dir, "v1.zip", "v1.tsv", text);
        var record = store.importCatalog(zip);
        assertEquals(sha256(zip), record.sha256());
        assertEquals("v1.zip", record.fileName());
        try (SqlCatalog catalog = store.catalog()) {
            assertTrue(catalog.find("XB02", D).isPresent());
        }
    }

    @Test void aBadSecondImportLeavesTheFirstInUse() throws Exception {
        store.importCatalog(v1());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) lines.add(cat("N" + i, "02", "0", "0", "null", "2026-01-01", "null", "20260901"));
        lines.add(cat("BAD", "02", "0", "0", "null", "2026-01-01", "2025-01-01", "20260901"));
        Path bad = TsvFixtures.write(dir, "bad.tsv", CATALOG_HEADER, lines);
        var e = assertThrows(RefusedException.class, () -> store.importCatalog(bad));
        assertEquals("1111", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("bad.tsv 第 2002 行 enddate 列"), e.refusal().detail());
        assertEquals("v1.tsv", store.currentCatalog().orElseThrow().fileName());
        assertEquals(3, count("catalog_item"));
        try (SqlCatalog catalog = store.catalog()) {
            assertTrue(catalog.find("N1", D).isEmpty());
            assertTrue(catalog.find("XA01", D).isPresent());
        }
    }

    @Test void aDatabaseFailureMidImportRollsBackAndStopsTheReader() throws Exception {
        store.importCatalog(v1());
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TRIGGER boom BEFORE INSERT ON catalog_item WHEN NEW.code = 'BOOM'"
                    + " BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) lines.add(cat("N" + i, "02", "0", "0", "null", "2026-01-01", "null", "20260901"));
        lines.add(cat("BOOM", "02", "0", "0", "null", "2026-01-01", "null", "20260901"));
        for (int i = 0; i < 50_000; i++) lines.add(cat("M" + i, "02", "0", "0", "null", "2026-01-01", "null", "20260901"));
        Path file = TsvFixtures.write(dir, "big.tsv", CATALOG_HEADER, lines);
        var e = assertThrows(java.sql.SQLException.class, () -> store.importCatalog(file));
        assertTrue(e.getMessage().contains("disk says no"), e.getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("catalog-reader-")), "reader thread stopped");
        assertEquals(3, count("catalog_item"));
        assertEquals("v1.tsv", store.currentCatalog().orElseThrow().fileName());
        try (SqlCatalog catalog = store.catalog()) {
            assertTrue(catalog.find("XA01", D).isPresent());
            assertTrue(catalog.find("N1", D).isEmpty());
        }
    }

    @Test void overlapsFoundInTheDatabaseAreRefusedWithBothLines() throws Exception {
        store.importCatalog(v1());
        Path overlapping = TsvFixtures.write(dir, "o.tsv", CATALOG_HEADER, List.of(
                cat("A", "02", "0", "0", "null", "2026-01-01", "null", "1"),
                cat("B", "02", "0", "0", "null", "2026-01-01", "null", "1"),
                cat("A", "02", "0", "0", "null", "20270101", "20271231", "1")));
        var e = assertThrows(RefusedException.class, () -> store.importCatalog(overlapping));
        assertEquals("1112", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("o.tsv 第 4 行 med_list_codg 列"), e.refusal().detail());
        assertTrue(e.refusal().detail().contains("第 2 行"), e.refusal().detail());
        assertEquals(3, count("catalog_item"));
        assertEquals("v1.tsv", store.currentCatalog().orElseThrow().fileName());
    }

    @Test void aReaderOnAnotherConnectionSeesTheOldVersionUntilTheCommit() throws Exception {
        store.importCatalog(v1());
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             SqlCatalog reader = new SqlCatalog(other)) {
            AtomicBoolean checked = new AtomicBoolean();
            store.importCatalog(v2(), record -> {
                assertEquals("20260801", record.version());
                assertEquals("20260701", reader.version());
                assertEquals("0.1", reader.find("XB02", D).orElseThrow().selfpayProp310().toPlainString());
                assertTrue(reader.find("XA01", D).isPresent());
                assertTrue(reader.find("XD04", D).isEmpty());
                checked.set(true);
            });
            assertTrue(checked.get());
            assertEquals("20260801", reader.version());
            assertEquals("0.2", reader.find("XB02", D).orElseThrow().selfpayProp310().toPlainString());
            assertTrue(reader.find("XA01", D).isEmpty());
            assertTrue(reader.find("XD04", D).isPresent());
        }
    }

    @Test void aReaderInsideATransactionKeepsItsSnapshotAcrossAnImport() throws Exception {
        store.importCatalog(v1());
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             SqlCatalog reader = new SqlCatalog(other)) {
            other.setAutoCommit(false);
            assertTrue(reader.find("XA01", D).isPresent());
            store.importCatalog(v2());
            assertTrue(reader.find("XA01", D).isPresent(), "snapshot still shows the old version");
            assertEquals("20260701", reader.version());
            other.commit();
            assertFalse(reader.find("XA01", D).isPresent());
            assertEquals("20260801", reader.version());
        }
    }

    @Test void rowsSeenInsideARolledBackImportAreNotServedAfterIt() throws Exception {
        store.importCatalog(v1());
        try (SqlCatalog reader = new SqlCatalog(db.connection())) { // the writer's own connection sees its open import
            assertEquals("0.1", reader.find("XB02", D).orElseThrow().selfpayProp310().toPlainString());
            var e = assertThrows(IllegalStateException.class, () -> store.importCatalog(v2(), record -> {
                assertEquals("0.2", reader.find("XB02", D).orElseThrow().selfpayProp310().toPlainString());
                assertTrue(reader.find("XD04", D).isPresent());
                throw new IllegalStateException("operator cancelled");
            }));
            assertEquals("operator cancelled", e.getMessage());
            // The next import reuses the rolled-back import's id; its rows must still be the ones served.
            store.importCatalog(TsvFixtures.write(dir, "v3.tsv", CATALOG_HEADER, List.of(
                    cat("XB02", "02", "0.3", "0.35", "null", "2026-01-01", "null", "20260901"))));
            assertEquals("0.3", reader.find("XB02", D).orElseThrow().selfpayProp310().toPlainString());
            assertTrue(reader.find("XD04", D).isEmpty());
            assertTrue(reader.find("XA01", D).isEmpty());
        }
    }

    /**
     * The readers the running terminal's settlements use ({@code store.catalog()}) see only
     * committed imports, whatever thread asks: a fleet catalogue update is imported on the fleet
     * agent's thread while a 2101 is answered on the HTTP pool outside any transaction. Before
     * 2026-12-06 they read on the writer connection, inside the import's open transaction: a
     * look-up during the import saw the half-filled table (a code not yet inserted was "not in
     * the catalogue", 丙类, under the old version) and kept that answer cached under the import in
     * use, so after the file was refused the code went on settling as 丙类, 2102 included.
     */
    @Test void aLookUpOnAnotherThreadDuringAnImportSeesOnlyTheVersionInUseAndKeepsNothingOfARefusedFile() throws Exception {
        int rows = 60_000;
        List<String> old = new ArrayList<>();
        List<String> next = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            old.add(cat(code(i), "02", "0.1", "0.1", "null", "2026-01-01", "null", "20260101"));
            next.add(cat(code(i), "02", "0.2", "0.2", "null", "2026-01-01", "null", "20260901"));
        }
        next.add(cat("BAD", "02", "0", "0", "null", "2026-01-01", "2025-01-01", "20260901")); // refused at its last line
        store.importCatalog(TsvFixtures.write(dir, "old.tsv", CATALOG_HEADER, old));
        Path refused = TsvFixtures.write(dir, "next.tsv", CATALOG_HEADER, next);
        try (SqlCatalog reader = store.catalog()) {
            AtomicBoolean importing = new AtomicBoolean(true);
            List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread asker = Thread.ofPlatform().start(() -> {
                for (int i = rows - 1; i >= 0 && importing.get(); i--) { // each code once, the last ones inserted first
                    String seen = reader.find(code(i), D).map(e -> e.selfpayProp310().toPlainString()).orElse("none");
                    if (!seen.equals("0.1")) wrong.add(code(i) + "=" + seen);
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
            });
            var e = assertThrows(RefusedException.class, () -> store.importCatalog(refused));
            importing.set(false);
            asker.join();
            assertEquals("1111", e.refusal().reason().code());
            List<String> kept = new ArrayList<>();
            for (String w : List.copyOf(wrong)) {
                String c = w.substring(0, w.indexOf('='));
                String now = reader.find(c, D).map(x -> x.selfpayProp310().toPlainString()).orElse("none");
                if (!now.equals("0.1")) kept.add(c + "=" + now);
            }
            assertEquals(List.of(), kept.subList(0, Math.min(5, kept.size())), kept.size()
                    + " codes answered from the refused import after it was refused (first 5 shown)");
            assertEquals(List.of(), List.copyOf(wrong), "look-ups during the import saw a catalogue never in use");
            for (int i = 0; i < rows; i += 997) {
                assertEquals("0.1", reader.find(code(i), D).orElseThrow().selfpayProp310().toPlainString(), code(i));
            }
        }
    }

    private static String code(int i) {
        return String.format("C%06d", i);
    }

    @Test void aCodeMapImportDoesNotChangeCatalogueAnswers() throws Exception {
        store.importCatalog(v1());
        try (SqlCatalog reader = store.catalog()) {
            var before = reader.find("XA01", LocalDate.of(2026, 7, 1));
            store.importCodeMap(TsvFixtures.write(dir, "m.tsv", CODEMAP_HEADER, List.of(
                    map("L1", "XA01", "2026-01-01", "null"))));
            assertEquals(before, reader.find("XA01", LocalDate.of(2026, 7, 1)));
            assertEquals("12.5", before.orElseThrow().priceCap().toPlainString());
        }
    }

    @Test void codeMapImportLooksUpAndRefusesOverlaps() throws Exception {
        Path good = TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "2026-03-31"),
                map("L1", "XA02", "2026-04-01", "null")));
        var record = store.importCodeMap(good);
        assertEquals(sha256(good).substring(0, 16), record.version());
        try (SqlCodeMap codes = store.codeMap()) {
            assertEquals("XA01", codes.nationalCode("L1", LocalDate.of(2026, 3, 31)).orElseThrow());
            assertEquals("XA02", codes.nationalCode("L1", LocalDate.of(2026, 4, 1)).orElseThrow());
            assertTrue(codes.nationalCode("L1", LocalDate.of(2025, 12, 31)).isEmpty());
            assertEquals(record.version(), codes.version());
        }
        Path overlapping = TsvFixtures.write(dir, "map2.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "2026-04-01"),
                map("L1", "XA02", "2026-04-01", "null")));
        var e = assertThrows(RefusedException.class, () -> store.importCodeMap(overlapping));
        assertEquals("1113", e.refusal().reason().code());
        assertEquals("map2.tsv 第 3 行 fixmedins_hilist_id 列：L1 在 2026-04-01~ 对照 XA02，与第 2 行在 "
                + "2026-01-01~2026-04-01 对照的 XA01 在 2026-04-01~2026-04-01 重叠（同一日期只能对照一个国家编码）",
                e.refusal().detail());
        assertEquals("map.tsv", store.currentCodeMap().orElseThrow().fileName());
        assertEquals(2, count("codemap_item"));
    }

    @Test void codeMapImportAcceptsOverlapsThatMapToTheSameNationalCode() throws Exception {
        Path same = TsvFixtures.write(dir, "same.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "null"),
                map("L2", "XB02", "2026-01-01", "null"),
                map("L1", "XA01", "2026-03-01", "2026-06-30")));
        var record = store.importCodeMap(same);
        assertEquals(3, record.rows());
        try (SqlCodeMap codes = store.codeMap()) {
            assertEquals("XA01", codes.nationalCode("L1", D).orElseThrow());
            assertEquals("XA01", codes.nationalCode("L1", LocalDate.of(2026, 7, 1)).orElseThrow());
        }
    }

    @Test void aHeaderOnlyCodeMapReplacesTheOldOneWhileAHeaderOnlyCatalogueIsRefused() throws Exception {
        store.importCatalog(v1());
        store.importCodeMap(TsvFixtures.write(dir, "map.tsv", CODEMAP_HEADER, List.of(
                map("L1", "XA01", "2026-01-01", "null"))));
        Path emptyMap = TsvFixtures.write(dir, "empty-map.tsv", CODEMAP_HEADER + "\r\n");
        var record = store.importCodeMap(emptyMap);
        assertEquals(0, record.rows());
        assertEquals(sha256(emptyMap).substring(0, 16), record.version());
        assertEquals("empty-map.tsv", store.currentCodeMap().orElseThrow().fileName());
        assertEquals(0, count("codemap_item"));
        try (SqlCodeMap codes = store.codeMap()) {
            assertTrue(codes.nationalCode("L1", D).isEmpty(), "the empty map maps nothing");
            assertEquals(record.version(), codes.version());
        }
        Path emptyCatalog = TsvFixtures.write(dir, "empty-cat.tsv", CATALOG_HEADER + "\n");
        var e = assertThrows(RefusedException.class, () -> store.importCatalog(emptyCatalog));
        assertEquals("1114", e.refusal().reason().code());
        assertTrue(e.refusal().detail().startsWith("empty-cat.tsv"), e.refusal().detail());
        assertEquals("v1.tsv", store.currentCatalog().orElseThrow().fileName());
        assertEquals(3, count("catalog_item"));
    }

    private long count(String table) throws Exception {
        try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
