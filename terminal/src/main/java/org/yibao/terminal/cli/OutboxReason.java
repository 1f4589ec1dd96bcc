package org.yibao.terminal.cli;

import org.yibao.terminal.domain.ReasonCode;

/** Why {@code terminal outbox retry} refused (range 1700-1799, the outbox's); nothing was changed. */
public enum OutboxReason implements ReasonCode {
    NO_SUCH_MESSAGE("1710", "上传队列中没有该消息"),
    REJECTED_NOT_RETRIED("1711", "中心已拒绝该消息，重发只会得到同样的答复，本机不重发；请按中心给出的原因处理"),
    NOT_NEEDING_ATTENTION("1712", "该消息不是待人工处理（NEEDS_ATTENTION）状态，无需重发");

    private final String code;
    private final String message;

    OutboxReason(String code, String message) {
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
