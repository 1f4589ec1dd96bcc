package org.yibao.terminal.domain.policy;

import org.yibao.terminal.domain.ReasonCode;

/** Why a policy file is refused (range 1200-1299). The detail names the key path. */
public enum PolicyReason implements ReasonCode {
    UNREADABLE("1201", "政策文件无法读取"),
    NOT_YAML("1202", "政策文件格式错误（不是有效的YAML）"),
    MISSING_KEY("1203", "政策文件缺少必填项"),
    UNKNOWN_KEY("1204", "政策文件含有未知配置项"),
    WRONG_TYPE("1205", "政策文件配置项类型错误"),
    BAD_AMOUNT("1206", "政策文件金额错误"),
    BAD_RATIO("1207", "政策文件比例错误"),
    BAD_SEGMENTS("1208", "政策文件分段设置错误"),
    BAD_ACCU_GROUP("1209", "政策文件累计组错误"),
    DUPLICATE_RULE_ID("1210", "政策文件规则编号重复"),
    BAD_WHEN("1211", "政策文件匹配条件错误"),
    BAD_ROUNDING("1212", "政策文件舍入方式不支持"),
    BAD_HEADER("1213", "政策文件区划、版本或生效日期错误"),
    BAD_FUND_PAY_TYPE("1214", "政策文件基金支付类型错误"),
    BAD_MAY_PAY("1215", "政策文件个人账户支付范围错误"),
    BAD_DISEASES("1216", "政策文件病种设置错误"),
    BAD_OFFLINE("1217", "政策文件脱机限额错误"),
    NO_RULES("1218", "政策文件没有任何规则"),
    OTHER_AREA("1219", "政策文件不是本机所在统筹区的");

    private final String code;
    private final String message;

    PolicyReason(String code, String message) {
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
