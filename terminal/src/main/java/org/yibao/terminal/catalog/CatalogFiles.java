package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * Reading the catalogue and code-map (对照) TSV files of spec/policy-and-catalog.md: UTF-8,
 * tab-separated, a header with the fixed column names in any order, {@code null} = empty, an
 * optional BOM, LF or CRLF, plain or zipped with exactly one {@code .tsv} inside. Every row is
 * validated; a file with any error is refused whole with a {@link RefusedException} carrying
 * an 11xx {@link CatalogReason} and a detail naming the file, line, column and reason.
 */
public final class CatalogFiles {
    /** Receives each valid row with its physical line number (the header is line 1). */
    @FunctionalInterface
    public interface RowSink<T> {
        void accept(T row, long line);
    }

    private CatalogFiles() {}

    /** Reads and validates a whole catalogue file into memory. */
    public static InMemoryCatalog readCatalog(Path file) {
        Map<String, List<CatalogEntry>> byCode = new HashMap<>();
        List<RangeOverlapIndex.Keyed> keys = new ArrayList<>();
        var ranges = new RangeOverlapIndex();
        String name = TsvInput.fileName(file);
        FileSummary summary = scanCatalog(file, (entry, line) -> {
            byCode.computeIfAbsent(entry.code(), c -> new ArrayList<>(1)).add(entry);
            keys.add(RangeOverlapIndex.Keyed.of(entry.code()));
            ranges.add(entry.code(), entry.beginDate(), entry.endDate(), line, name);
        });
        ranges.find(keys::get).ifPresent(overlap -> {
            throw new RefusedException(CatalogReason.CATALOG_OVERLAP,
                    DateRangeOverlaps.describe(summary.fileName(), CatalogColumns.CODE, overlap));
        });
        byCode.values().forEach(rows -> rows.sort(Comparator.comparing(CatalogEntry::beginDate)));
        return new InMemoryCatalog(byCode, summary.version());
    }

    /**
     * Reads and validates a whole code-map file into memory, refusing rows that map one local
     * code to different national codes on a shared day (overlapping rows that agree are allowed).
     */
    public static InMemoryCodeMap readCodeMap(Path file) {
        Map<String, List<CodeMapRow>> byLocal = new HashMap<>();
        List<RangeOverlapIndex.Keyed> keys = new ArrayList<>();
        var ranges = new RangeOverlapIndex();
        String name = TsvInput.fileName(file);
        FileSummary summary = scanCodeMap(file, (row, line) -> {
            byLocal.computeIfAbsent(row.localCode(), c -> new ArrayList<>(1)).add(row);
            keys.add(new RangeOverlapIndex.Keyed(row.localCode(), row.nationalCode()));
            ranges.add(row.localCode(), row.beginDate(), row.endDate(), line, name);
        });
        ranges.find(keys::get).ifPresent(overlap -> {
            throw new RefusedException(CatalogReason.CODEMAP_OVERLAP,
                    DateRangeOverlaps.describe(summary.fileName(), CodeMapColumns.LOCAL_CODE, overlap));
        });
        byLocal.values().forEach(rows -> rows.sort(Comparator.comparing(CodeMapRow::beginDate)));
        return new InMemoryCodeMap(byLocal, summary.version());
    }

    /**
     * Streams every valid catalogue row to {@code sink}, holding nothing; refuses the file at the
     * first bad line, and a file with no data rows (it would make every line self-pay). Overlaps
     * between rows are not checked here (the caller holds the rows).
     */
    public static FileSummary scanCatalog(Path file, RowSink<CatalogEntry> sink) {
        String[] maxVer = {null};
        var scan = TsvReader.read(file, CatalogColumns.ALL, row -> {
            CatalogEntry entry = CatalogColumns.parse(row);
            maxVer[0] = CatalogVersions.max(maxVer[0], entry.version());
            sink.accept(entry, row.lineNumber());
        });
        if (scan.rows() == 0) {
            throw new RefusedException(CatalogReason.NO_ROWS, scan.fileName()
                    + "：目录只有表头，没有任何药品（导入后每一行都会按自费结算）");
        }
        return new FileSummary(scan.fileName(), scan.sha256(), scan.rows(), maxVer[0]);
    }

    /**
     * Streams every valid code-map row to {@code sink}; overlaps are the caller's to check. A
     * header with no rows is a valid, empty code map (a pharmacy whose POS sends national codes).
     */
    public static FileSummary scanCodeMap(Path file, RowSink<CodeMapRow> sink) {
        var scan = TsvReader.read(file, CodeMapColumns.ALL,
                row -> sink.accept(CodeMapColumns.parse(row), row.lineNumber()));
        return new FileSummary(scan.fileName(), scan.sha256(), scan.rows(), null);
    }
}
