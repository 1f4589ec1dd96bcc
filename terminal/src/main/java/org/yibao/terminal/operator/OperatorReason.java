package org.yibao.terminal.operator;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Result codes 1600-1699: local operators, passwords and sign-in (9001/9002) sessions. A wrong
 * password and an unknown operator number get the same code and message on purpose.
 */
public enum OperatorReason implements ReasonCode {
    BAD_CREDENTIALS("1601", "工号或密码错误"),
    LOCKED("1602", "密码错误次数过多，账户已临时锁定"),
    DISABLED("1603", "该操作员已停用"),
    MUST_CHANGE_PASSWORD("1604", "首次使用须先修改密码"),
    NOT_SIGNED_IN("1605", "未签到或签到号无效，请先签到"),
    SESSION_EXPIRED("1606", "签到已过期，请重新签到"),
    SIGNED_OUT("1607", "该签到号已签退，请重新签到"),
    OPERATOR_MISMATCH("1608", "经办人与签到操作员不一致"),
    ROLE_FORBIDS("1609", "当前操作员角色无权办理此交易"),
    WEAK_PASSWORD("1610", "新密码不符合要求"),
    SAME_PASSWORD("1611", "新密码不能与原密码相同"),
    OPERATOR_EXISTS("1612", "工号已存在"),
    BAD_OPERATOR_NO("1613", "工号格式不正确"),
    BAD_NAME("1614", "操作员姓名不正确"),
    NOT_ADMIN("1615", "此操作需要管理员身份"),
    FIRST_MUST_BE_ADMIN("1616", "本机第一个操作员必须是管理员"),
    LAST_ADMIN("1617", "不能停用最后一个可用的管理员"),
    NO_SUCH_OPERATOR("1618", "工号不存在"),
    ALREADY_DISABLED("1619", "该操作员已是停用状态"),
    BAD_PASSWORD_INPUT("1620", "输入的密码无法读取");

    private final String code;
    private final String message;

    OperatorReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() { return code; }

    @Override public String message() { return message; }
}
