package org.yibao.terminal.catalog;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Result codes 1100-1199: the catalogue and code-map (对照) files and their store. Every
 * refusal of a file carries a detail naming the file, the line, the column and what is wrong;
 * a refused file changes nothing.
 */
public enum CatalogReason implements ReasonCode {
    FILE_UNREADABLE("1101", "目录或对照文件无法读取"),
    BAD_ZIP("1102", "压缩包须且只能包含一个 .tsv 文件"),
    NOT_UTF8("1103", "文件不是有效的 UTF-8 编码"),
    BAD_HEADER("1104", "文件表头不正确"),
    FIELD_COUNT("1105", "行的列数与表头不一致"),
    REQUIRED_EMPTY("1106", "必填字段为空"),
    BAD_CODE_VALUE("1107", "字段取值不在允许范围内"),
    BAD_RATIO("1108", "自付比例不正确"),
    BAD_PRICE_CAP("1109", "最高限价不正确"),
    BAD_DATE("1110", "日期格式不正确"),
    DATES_REVERSED("1111", "开始日期晚于结束日期"),
    CATALOG_OVERLAP("1112", "同一目录编码的有效期重叠"),
    CODEMAP_OVERLAP("1113", "同一本地编码在同一日期对照了不同的国家编码"),
    NO_ROWS("1114", "目录文件没有数据行"),
    NOT_IMPORTED("1115", "本机尚未导入目录"),
    CODE_NOT_FOUND("1116", "目录中没有该编码"),
    LOCAL_CODE_NOT_MAPPED("1117", "该本地编码没有对照关系"),
    CODEMAP_NOT_IMPORTED("1118", "本机尚未导入对照表"),
    LINE_TOO_LONG("1119", "文件中有过长的行");

    private final String code;
    private final String message;

    CatalogReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() { return code; }

    @Override public String message() { return message; }
}
