package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How one kind of file is loaded into its table: how the file is read, how a row is bound
 * into the insert, and which columns carry the key and date range that must not overlap.
 */
interface TableLoad<T> {
    /** The kind recorded in {@code file_import}. */
    String kind();

    String table();

    /** The table column holding the key whose date ranges must not overlap. */
    String keyColumn();

    /** The file column named in an overlap refusal. */
    String fileKeyColumn();

    CatalogReason overlapReason();

    String indexName();

    String createIndex();

    /** The INSERT with one placeholder per bound value, {@code line} included. */
    String insertSql();

    void bind(PreparedStatement insert, T row, long line) throws SQLException;

    FileSummary scan(Path file, CatalogFiles.RowSink<T> sink);
}
