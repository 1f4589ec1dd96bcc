package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/** Loading the catalogue TSV into {@code catalog_item}. */
final class CatalogTableLoad implements TableLoad<CatalogEntry> {
    @Override public String kind() { return ImportHistory.CATALOG; }

    @Override public String table() { return "catalog_item"; }

    @Override public String keyColumn() { return "code"; }

    @Override public Optional<String> targetColumn() { return Optional.empty(); }

    @Override public String fileKeyColumn() { return CatalogColumns.CODE; }

    @Override public CatalogReason overlapReason() { return CatalogReason.CATALOG_OVERLAP; }

    @Override public String indexName() { return "catalog_item_lookup"; }

    @Override public String createIndex() { return CatalogSchema.CATALOG_INDEX; }

    @Override public List<String> columns() {
        return List.of("code", "begndate", "enddate", "fields");
    }

    @Override public void bind(PreparedStatement insert, int offset, CatalogEntry e) throws SQLException {
        insert.setString(offset + 1, e.code());
        insert.setInt(offset + 2, DateInts.of(e.beginDate()));
        TableLoad.bindDate(insert, offset + 3, e.endDate());
        insert.setString(offset + 4, CatalogRecordCodec.pack(e));
    }

    @Override public String key(CatalogEntry row) { return row.code(); }

    @Override public LocalDate begin(CatalogEntry row) { return row.beginDate(); }

    @Override public LocalDate end(CatalogEntry row) { return row.endDate(); }

    @Override public FileSummary scan(Path file, CatalogFiles.RowSink<CatalogEntry> sink) {
        return CatalogFiles.scanCatalog(file, sink);
    }
}
