package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Loading the 对照 TSV into {@code codemap_item}. */
final class CodeMapTableLoad implements TableLoad<CodeMapRow> {
    /** The SHA-256 of the file the one loaded is named as (a rebuild of its lines), if any. */
    private final Optional<String> namedAs;

    CodeMapTableLoad() {
        this(Optional.empty());
    }

    CodeMapTableLoad(Optional<String> namedAs) {
        this.namedAs = namedAs;
    }

    @Override public String kind() { return ImportHistory.CODEMAP; }

    @Override public String table() { return "codemap_item"; }

    @Override public String keyColumn() { return "local_code"; }

    @Override public Optional<String> targetColumn() { return Optional.of("national_code"); }

    @Override public String fileKeyColumn() { return CodeMapColumns.LOCAL_CODE; }

    @Override public CatalogReason overlapReason() { return CatalogReason.CODEMAP_OVERLAP; }

    @Override public String indexName() { return "codemap_item_lookup"; }

    @Override public String createIndex() { return CatalogSchema.CODEMAP_INDEX; }

    @Override public List<String> columns() {
        return List.of("local_code", "begndate", "enddate", "local_name", "list_type", "national_code");
    }

    @Override public void bind(PreparedStatement insert, int offset, CodeMapRow row) throws SQLException {
        insert.setString(offset + 1, row.localCode());
        insert.setInt(offset + 2, DateInts.of(row.beginDate()));
        TableLoad.bindDate(insert, offset + 3, row.endDate());
        insert.setString(offset + 4, row.localName());
        insert.setString(offset + 5, row.listType());
        insert.setString(offset + 6, row.nationalCode());
    }

    @Override public String key(CodeMapRow row) { return row.localCode(); }

    @Override public LocalDate begin(CodeMapRow row) { return row.beginDate(); }

    @Override public LocalDate end(CodeMapRow row) { return row.endDate(); }

    @Override public FileSummary scan(Path file, CatalogFiles.RowSink<CodeMapRow> sink) {
        FileSummary read = CatalogFiles.scanCodeMap(file, sink);
        return namedAs.map(read::namedAs).orElse(read);
    }
}
