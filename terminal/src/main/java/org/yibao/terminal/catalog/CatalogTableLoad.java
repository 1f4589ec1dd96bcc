package org.yibao.terminal.catalog;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/** Loading the catalogue TSV into {@code catalog_entry}. */
final class CatalogTableLoad implements TableLoad<CatalogEntry> {
    @Override public String kind() { return ImportHistory.CATALOG; }

    @Override public String table() { return "catalog_entry"; }

    @Override public String keyColumn() { return "code"; }

    @Override public String fileKeyColumn() { return CatalogColumns.CODE; }

    @Override public CatalogReason overlapReason() { return CatalogReason.CATALOG_OVERLAP; }

    @Override public String indexName() { return "catalog_entry_lookup"; }

    @Override public String createIndex() { return CatalogSchema.CATALOG_INDEX; }

    @Override public String insertSql() {
        return "INSERT INTO catalog_entry (code, name, list_type, chrgitm_lv, chrgitm_type, selfpay_prop_310,"
                + " selfpay_prop_390, pric_uplmt_amt, lmt_used_flag, begndate, enddate, ver, line)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    }

    @Override public void bind(PreparedStatement insert, CatalogEntry e, long line) throws SQLException {
        insert.setString(1, e.code());
        insert.setString(2, e.name());
        insert.setString(3, e.listType());
        insert.setString(4, e.level().code());
        insert.setString(5, e.chrgitmType());
        insert.setString(6, e.selfpayProp310().toPlainString());
        insert.setString(7, e.selfpayProp390().toPlainString());
        insert.setString(8, plain(e.priceCap()));
        insert.setInt(9, e.restrictedUse() ? 1 : 0);
        insert.setString(10, e.beginDate().toString());
        insert.setString(11, iso(e.endDate()));
        insert.setString(12, e.version());
        insert.setLong(13, line);
    }

    @Override public FileSummary scan(Path file, CatalogFiles.RowSink<CatalogEntry> sink) {
        return CatalogFiles.scanCatalog(file, sink);
    }

    static String iso(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
