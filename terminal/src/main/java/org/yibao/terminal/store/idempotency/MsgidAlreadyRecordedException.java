package org.yibao.terminal.store.idempotency;

import java.sql.SQLException;

/**
 * {@link IdempotencyStore#record} found an answer already recorded for the msgid (two requests
 * with the same msgid raced). Thrown inside the caller's transaction so that all of its work -
 * a settlement included - rolls back; the caller then answers with {@link IdempotencyStore#find}.
 */
public final class MsgidAlreadyRecordedException extends SQLException {
    private static final long serialVersionUID = 1L;

    public MsgidAlreadyRecordedException(String msgid) {
        super("an answer is already recorded for msgid " + msgid);
    }
}
