package org.yibao.terminal.flow;

import org.yibao.outbox.RefusalReason;
import org.yibao.terminal.domain.ReasonCode;

/**
 * The outbox's refusals as result codes (range 1700-1799): the backlog of claims waiting for
 * the centre is too large or too old for a fund-paying settlement, or the queue is full.
 */
public enum BacklogReason implements ReasonCode {
    BACKLOG_COUNT("1701", RefusalReason.BACKLOG_COUNT.message() + "（仍可办理全自费结算）"),
    BACKLOG_BYTES("1702", RefusalReason.BACKLOG_BYTES.message() + "（仍可办理全自费结算）"),
    BACKLOG_AGE("1703", RefusalReason.BACKLOG_AGE.message() + "（仍可办理全自费结算）"),
    HARD_LIMIT("1704", RefusalReason.HARD_LIMIT.message()),
    PAYLOAD_TOO_LARGE("1705", RefusalReason.PAYLOAD_TOO_LARGE.message());

    private final String code;
    private final String message;

    BacklogReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The code for the outbox's {@code reason}. */
    public static BacklogReason of(RefusalReason reason) {
        return switch (reason) {
            case BACKLOG_COUNT -> BACKLOG_COUNT;
            case BACKLOG_BYTES -> BACKLOG_BYTES;
            case BACKLOG_AGE -> BACKLOG_AGE;
            case HARD_LIMIT -> HARD_LIMIT;
            case PAYLOAD_TOO_LARGE -> PAYLOAD_TOO_LARGE;
        };
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
