package org.yibao.terminal.catalog;

import java.util.List;

/**
 * The code-map (对照) TSV's columns and the validation of one row. Required:
 * fixmedins_hilist_id, list_type, med_list_codg, begndate. Optional: fixmedins_hilist_name,
 * enddate (open).
 */
final class CodeMapColumns {
    static final String LOCAL_CODE = "fixmedins_hilist_id";
    static final String LOCAL_NAME = "fixmedins_hilist_name";
    static final String LIST_TYPE = "list_type";
    static final String NATIONAL_CODE = "med_list_codg";
    static final String BEGIN = "begndate";
    static final String END = "enddate";

    static final List<String> ALL = List.of(LOCAL_CODE, LOCAL_NAME, LIST_TYPE, NATIONAL_CODE, BEGIN, END);

    private CodeMapColumns() {}

    /** Validates one line completely and returns its row, or throws a located refusal. */
    static CodeMapRow parse(TsvRow row) {
        String local = row.required(LOCAL_CODE);
        String listType = FieldParsers.oneOf(row, LIST_TYPE, CatalogColumns.LIST_TYPES);
        String national = row.required(NATIONAL_CODE);
        var begin = FieldParsers.requiredDate(row, BEGIN);
        var end = FieldParsers.optionalDate(row, END);
        FieldParsers.checkOrder(row, END, begin, end);
        return new CodeMapRow(local, row.optional(LOCAL_NAME), listType, national, begin, end);
    }
}
