package org.yibao.terminal.api.json;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Why a JSON message (1101 person, 2101 request, 3201 totals) is refused before any business logic (codes
 * 1020-1039 of the 1000-1099 input range). The detail names the field path, and for a bad
 * date, time or code what was expected and what was sent.
 */
public enum JsonInputReason implements ReasonCode {
    NOT_JSON("1020", "报文不是有效的JSON"),
    MISSING_FIELD("1021", "报文缺少必填字段"),
    WRONG_TYPE("1022", "报文字段类型错误"),
    TOO_MANY_DECIMALS("1023", "金额最多2位小数（单价最多6位，数量最多4位）"),
    NEGATIVE("1024", "金额、单价、数量等数值不能为负数"),
    BAD_FEEDETL_SN("1025", "费用明细流水号须为1到15位数字且不能为0"),
    DUPLICATE_FEEDETL_SN("1026", "费用明细流水号重复"),
    BAD_DATE("1027", "日期或时间格式错误"),
    BAD_VALUE("1028", "报文字段取值错误"),
    DUPLICATE_ROW("1029", "人员累计信息重复"),
    TOO_LARGE("1030", "金额或数值超出允许范围"),
    FILE_UNREADABLE("1031", "文件无法读取");

    private final String code;
    private final String message;

    JsonInputReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String message() {
        return message;
    }
}
