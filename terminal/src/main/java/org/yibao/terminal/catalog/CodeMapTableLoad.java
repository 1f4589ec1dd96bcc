package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Loading the 对照 TSV into {@code code_map}. */
final class CodeMapTableLoad implements TableLoad<CodeMapRow> {
    @Override public String kind() { return ImportHistory.CODEMAP; }

    @Override public String table() { return "code_map"; }

    @Override public String keyColumn() { return "local_code"; }

    @Override public String fileKeyColumn() { return CodeMapColumns.LOCAL_CODE; }

    @Override public CatalogReason overlapReason() { return CatalogReason.CODEMAP_OVERLAP; }

    @Override public String indexName() { return "code_map_lookup"; }

    @Override public String createIndex() { return CatalogSchema.CODEMAP_INDEX; }

    @Override public String insertSql() {
        return "INSERT INTO code_map (local_code, local_name, list_type, national_code, begndate, enddate, line)"
                + " VALUES (?,?,?,?,?,?,?)";
    }

    @Override public void bind(PreparedStatement insert, CodeMapRow row, long line) throws SQLException {
        insert.setString(1, row.localCode());
        insert.setString(2, row.localName());
        insert.setString(3, row.listType());
        insert.setString(4, row.nationalCode());
        insert.setString(5, row.beginDate().toString());
        insert.setString(6, CatalogTableLoad.iso(row.endDate()));
        insert.setLong(7, line);
    }

    @Override public FileSummary scan(Path file, CatalogFiles.RowSink<CodeMapRow> sink) {
        return CatalogFiles.scanCodeMap(file, sink);
    }
}
