package org.yibao.outbox;

/** Why the outbox refuses a new message, with a message fit for a cashier. */
public enum RefusalReason {
    BACKLOG_COUNT("待上传业务笔数已达上限，请联网上传后再办理医保结算"),
    BACKLOG_BYTES("待上传业务数据量已达上限，请联网上传后再办理医保结算"),
    BACKLOG_AGE("离线时间超过允许期限，请联网上传后再办理医保结算"),
    HARD_LIMIT("离线队列已满，请联网上传后再办理业务"),
    PAYLOAD_TOO_LARGE("业务报文过大，无法保存，请联系技术支持");

    private final String message;

    RefusalReason(String message) {
        this.message = message;
    }

    /** The Chinese text for the cashier. */
    public String message() {
        return message;
    }
}
