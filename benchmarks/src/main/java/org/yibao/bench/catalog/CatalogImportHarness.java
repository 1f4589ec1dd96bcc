package org.yibao.bench.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;

/**
 * Whole-process harness: generates a catalogue TSV (500,000 rows unless given), then, in the
 * same run on the same machine, alternately times the sqlite3 CLI's {@code .import} of the file
 * into a fresh WAL database with synchronous=FULL (the baseline: no validation, no index) and
 * {@link CatalogStore#importCatalog} into another fresh database (validation, typed columns,
 * index, overlap check, metadata, one transaction). Prints both rates and ours / sqlite3
 * (goal >= 0.7).
 *
 * <p>Usage: {@code java -cp ... org.yibao.bench.catalog.CatalogImportHarness [rows] [rounds]}
 */
public final class CatalogImportHarness {
    private CatalogImportHarness() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("catalog-bench");
        try {
            Path tsv = CatalogFileGenerator.write(work.resolve("catalog.tsv"), rows, 42);
            System.out.printf("file: %s, %d rows, %.1f MB%n", tsv, rows, Files.size(tsv) / 1e6);
            List<Long> baseline = new ArrayList<>();
            List<Long> ours = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                baseline.add(timeSqlite3(tsv, work.resolve("sqlite3-" + round + ".db")));
                ours.add(timeOurs(tsv, work.resolve("ours-" + round + ".db"), rows));
                System.out.printf("round %d: sqlite3 %d ms, ours %d ms%n", round + 1,
                        baseline.getLast() / 1_000_000, ours.getLast() / 1_000_000);
            }
            System.out.printf("first round (cold JVM, as a one-off CLI import): ratio %.2f%n",
                    (double) baseline.getFirst() / ours.getFirst());
            report(rows, median(baseline), median(ours));
        } finally {
            deleteTree(work);
        }
    }

    private static long timeSqlite3(Path tsv, Path db) throws IOException, InterruptedException {
        var command = List.of("sqlite3", db.toString(), "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;",
                ".mode tabs", ".import " + tsv + " catalog");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        int exit = p.waitFor();
        long elapsed = System.nanoTime() - start;
        if (exit != 0 || !output.equals("wal")) {
            throw new IllegalStateException("sqlite3 exit " + exit + ": " + output);
        }
        return elapsed;
    }

    private static long timeOurs(Path tsv, Path dbFile, int rows) throws Exception {
        long start = System.nanoTime();
        ImportRecord record;
        try (SqliteDatabase db = SqliteDatabase.open(dbFile)) {
            record = new CatalogStore(db, Clock.systemUTC()).importCatalog(tsv);
        }
        long elapsed = System.nanoTime() - start;
        if (record.rows() != rows) throw new IllegalStateException("imported " + record.rows() + " rows");
        return elapsed;
    }

    private static void report(int rows, long baselineNanos, long oursNanos) {
        double baselineRate = rows / (baselineNanos / 1e9);
        double oursRate = rows / (oursNanos / 1e9);
        System.out.printf("sqlite3 .import: %,.0f rows/s (median %d ms)%n", baselineRate, baselineNanos / 1_000_000);
        System.out.printf("catalog import : %,.0f rows/s (median %d ms)%n", oursRate, oursNanos / 1_000_000);
        System.out.printf("ratio ours/sqlite3: %.2f (goal >= 0.70)%n", oursRate / baselineRate);
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
