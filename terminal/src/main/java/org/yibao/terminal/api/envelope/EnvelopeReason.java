package org.yibao.terminal.api.envelope;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Result codes 1001-1019: the transport and the request envelope (body, JSON, envelope fields,
 * msgid as idempotency key, dispatch), and at the top of the range the machine under them
 * (1017 the API port taken, 1018 storage full; see {@code org.yibao.terminal.api.http.HostFailures},
 * which the commands use too). 1020-1039 belong to the business input mapping
 * ({@code org.yibao.terminal.api.json.JsonInputReason}). A request refused with one of these
 * codes changed nothing on the terminal.
 */
public enum EnvelopeReason implements ReasonCode {
    BAD_JSON("1001", "请求不是有效的 JSON"),
    NOT_OBJECT("1002", "请求须为 JSON 对象"),
    MISSING_FIELD("1003", "缺少必填字段"),
    WRONG_TYPE("1004", "字段类型不正确"),
    BAD_MSGID("1005", "报文ID(msgid)格式不正确"),
    BAD_VALUE("1006", "字段取值不正确"),
    BAD_ENCODING("1007", "请求不是有效的 UTF-8 编码"),
    TOO_LARGE("1008", "请求过大"),
    MSGID_REUSED("1009", "该报文ID已有应答，与本次请求不符"),
    MSGID_IN_PROGRESS("1010", "该报文ID的请求正在处理，请稍后查询"),
    UNKNOWN_INFNO("1011", "终端不支持该交易编号"),
    WRONG_PATH("1012", "接口地址不正确"),
    WRONG_METHOD("1013", "只接受 POST 请求"),
    BAD_API_KEY("1014", "缺少接口密钥或接口密钥不正确"),
    BAD_CONTENT_TYPE("1015", "请求内容类型须为 UTF-8 编码的 application/json"),
    OTHER_INSTITUTION("1016", "请求的定点医药机构编码不是本机所属机构"),
    PORT_IN_USE("1017", "接口端口已被占用"),
    STORAGE_FULL("1018", "终端存储空间已满，请联系技术人员清理"),
    INTERNAL_ERROR("1019", "终端内部错误，请联系技术人员");

    private final String code;
    private final String message;

    EnvelopeReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() { return code; }

    @Override public String message() { return message; }
}
