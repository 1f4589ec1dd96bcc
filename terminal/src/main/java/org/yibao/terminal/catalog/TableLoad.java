package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * How one kind of file is loaded into its table: how the file is read, how a row is bound
 * into the insert, and which key and date range must not clash. Every table has the columns
 * key, {@code begndate} and {@code enddate}.
 */
interface TableLoad<T> {
    /** The kind recorded in {@code file_import}. */
    String kind();

    String table();

    /** The table column holding the key whose date ranges must not overlap. */
    String keyColumn();

    /**
     * The table column the key maps to, when overlapping rows of one key are allowed as long as
     * they agree on it (the code map's national code); empty: no two rows of a key may overlap.
     */
    Optional<String> targetColumn();

    /** The file column named in an overlap refusal. */
    String fileKeyColumn();

    CatalogReason overlapReason();

    String indexName();

    String createIndex();

    /** The inserted columns, in bind order. */
    List<String> columns();

    /** Binds one row's values to placeholders {@code offset + 1 ... offset + columns().size()}. */
    void bind(PreparedStatement insert, int offset, T row) throws SQLException;

    String key(T row);

    LocalDate begin(T row);

    /** The last valid day; null = open. */
    LocalDate end(T row);

    FileSummary scan(Path file, CatalogFiles.RowSink<T> sink);

    /** Binds a nullable yyyyMMdd date. */
    static void bindDate(PreparedStatement insert, int index, LocalDate date) throws SQLException {
        if (date == null) insert.setNull(index, Types.INTEGER);
        else insert.setInt(index, DateInts.of(date));
    }
}
