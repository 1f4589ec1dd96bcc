package org.yibao.bench.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogFiles;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.InMemoryCatalog;
import org.yibao.terminal.catalog.SqlCatalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * Look-up of a national code on a date in an imported catalogue of {@code rows} rows: through
 * {@link SqlCatalog} on a {@link CatalogStore#openLookupConnection look-up connection}, and, for
 * comparison, {@link InMemoryCatalog} (the whole file on the heap, too big for a device).
 * {@code sqliteRepeatCodes} cycles through 2,048 codes (a pharmacy's assortment, within the
 * reader's recent-codes memory: each call reads the import in use, then answers from memory);
 * {@code sqliteColdCodes} cycles through 65,536 codes, more than that memory holds, so every call
 * also searches the (code, begndate) index. Codes are a fixed pseudo-random sample of existing
 * codes; one in ten has two date rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CatalogLookupBench {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @Param("500000") int rows;

    private Path work;
    private Connection reader;
    private SqlCatalog sql;
    private InMemoryCatalog memory;
    private String[] repeatCodes;
    private String[] coldCodes;
    private int nextRepeat;
    private int nextCold;

    @Setup(Level.Trial) public void setUp() throws Exception {
        work = Files.createTempDirectory("catalog-lookup");
        Path tsv = CatalogFileGenerator.write(work.resolve("catalog.tsv"), rows, 42);
        try (SqliteDatabase db = SqliteDatabase.open(work.resolve("terminal.db"))) {
            new CatalogStore(db, Clock.systemUTC()).importCatalog(tsv);
        }
        reader = CatalogStore.openLookupConnection(work.resolve("terminal.db"));
        sql = new SqlCatalog(reader);
        memory = CatalogFiles.readCatalog(tsv);
        repeatCodes = CatalogFileGenerator.sampleCodes(rows, 2048, 7);
        coldCodes = CatalogFileGenerator.sampleCodes(rows, 65_536, 11);
    }

    @TearDown(Level.Trial) public void tearDown() throws Exception {
        sql.close();
        reader.close();
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Benchmark public Optional<CatalogEntry> sqliteRepeatCodes() {
        String code = repeatCodes[nextRepeat];
        nextRepeat = (nextRepeat + 1) & (repeatCodes.length - 1);
        return sql.find(code, DAY);
    }

    @Benchmark public Optional<CatalogEntry> sqliteColdCodes() {
        String code = coldCodes[nextCold];
        nextCold = (nextCold + 1) & (coldCodes.length - 1);
        return sql.find(code, DAY);
    }

    @Benchmark public Optional<CatalogEntry> inMemory() {
        String code = repeatCodes[nextRepeat];
        nextRepeat = (nextRepeat + 1) & (repeatCodes.length - 1);
        return memory.find(code, DAY);
    }
}
