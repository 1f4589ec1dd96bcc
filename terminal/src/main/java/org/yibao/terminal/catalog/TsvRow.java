package org.yibao.terminal.catalog;

import org.yibao.terminal.domain.RefusedException;

/**
 * One data line of a TSV file with its location, for located refusals
 * ("catalog.tsv 第 12 行 selfpay_prop_310 列：..."). The literal {@code null} and an empty
 * field both mean empty; fields are stripped of surrounding white space.
 */
final class TsvRow {
    private final String fileName;
    private final long lineNumber;
    private final TsvHeader header;
    private final String[] fields;

    TsvRow(String fileName, long lineNumber, TsvHeader header, String[] fields) {
        this.fileName = fileName;
        this.lineNumber = lineNumber;
        this.header = header;
        this.fields = fields;
    }

    /** The physical line number, 1 being the header. */
    long lineNumber() {
        return lineNumber;
    }

    /** The field's text, or null when it is empty or {@code null}. */
    String optional(String column) {
        String value = fields[header.indexOf(column)].strip();
        return value.isEmpty() || value.equals("null") ? null : value;
    }

    /** The field's text; refused with {@link CatalogReason#REQUIRED_EMPTY} when empty. */
    String required(String column) {
        String value = optional(column);
        if (value == null) throw refuse(CatalogReason.REQUIRED_EMPTY, column, "不能为空");
        return value;
    }

    /** A refusal located at this line and {@code column}. */
    RefusedException refuse(CatalogReason reason, String column, String what) {
        return new RefusedException(reason, location(fileName, lineNumber) + " " + column + " 列：" + what);
    }

    /** "file 第 N 行", the prefix of every located detail. */
    static String location(String fileName, long lineNumber) {
        return fileName + " 第 " + lineNumber + " 行";
    }
}
