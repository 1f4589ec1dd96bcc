package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.catalog.TsvFixtures.CATALOG_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.CODEMAP_HEADER;
import static org.yibao.terminal.catalog.TsvFixtures.cat;
import static org.yibao.terminal.catalog.TsvFixtures.map;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The catalogue and code-map readers' lives: one made on the caller's connection leaves it open
 * when it closes; a reader whose connection is gone
 * fails each call with the look-up named (never an answer of "not in the catalogue", which would
 * settle the line as 丙类); before any import the versions are empty and nothing is found.
 * Found by mutation testing: the ownership flag and the failure paths were never run.
 */
class CatalogReadersTest {
    @TempDir Path dir;

    private static final LocalDate D = LocalDate.of(2026, 3, 1);

    @Test void aReaderLeavesTheCallersConnectionOpenAndFailsLoudlyWithoutOne() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            CatalogStore store = new CatalogStore(db, Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));
            try (SqlCatalog empty = store.catalog(); SqlCodeMap none = store.codeMap()) {
                assertEquals("", empty.version(), "nothing imported");
                assertTrue(empty.find("XA01", D).isEmpty());
                assertEquals("", none.version());
                assertTrue(none.nationalCode("L1", D).isEmpty());
            }
            store.importCatalog(TsvFixtures.write(dir, "c.tsv", CATALOG_HEADER, List.of(
                    cat("XA01", "01", "0", "0", "null", "2026-01-01", "null", "5"))));
            store.importCodeMap(TsvFixtures.write(dir, "m.tsv", CODEMAP_HEADER, List.of(map("L1", "XA01", "2026-01-01", "null"))));
            try (Connection mine = DriverManager.getConnection("jdbc:sqlite:" + db.file())) {
                new SqlCatalog(mine).close();
                new SqlCodeMap(mine).close();
                assertFalse(mine.isClosed(), "the caller's connection stays the caller's");
                try (SqlCatalog again = new SqlCatalog(mine); SqlCodeMap map = new SqlCodeMap(mine)) {
                    assertEquals("5", again.version());
                    assertEquals("XA01", map.nationalCode("L1", D).orElseThrow());
                }
            }
            Connection gone = DriverManager.getConnection("jdbc:sqlite:" + db.file());
            SqlCatalog catalog = new SqlCatalog(gone);
            SqlCodeMap codeMap = new SqlCodeMap(gone);
            gone.close();
            assertFailure("catalogue look-up of XA01 failed: ", () -> catalog.find("XA01", D));
            assertFailure("catalogue rows of XA01 failed: ", () -> catalog.rows("XA01"));
            assertFailure("catalogue version failed: ", catalog::version);
            assertFailure("code-map look-up of L1 failed: ", () -> codeMap.nationalCode("L1", D));
            assertFailure("code-map rows of L1 failed: ", () -> codeMap.rows("L1"));
            assertFailure("code-map version failed: ", codeMap::version);
        }
    }

    private static void assertFailure(String prefix, org.junit.jupiter.api.function.Executable call) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, call);
        assertTrue(e.getCause().getMessage().startsWith(prefix), e.getCause().getMessage());
        assertTrue(e.getCause().getCause() instanceof java.sql.SQLException, String.valueOf(e.getCause().getCause()));
    }
}
