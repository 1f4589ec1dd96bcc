package org.yibao.terminal.api.http;

import java.io.IOException;
import java.sql.SQLException;

/**
 * Handles one transaction code (infno) of the local API. Registered in a {@link HandlerRegistry};
 * called by {@link CallService} only after the envelope parsed, the msgid was found new, and -
 * unless {@link #needsSignIn()} is false - the sign_no, operator and role were authorised.
 *
 * <p>Contract: business outcomes are returned ({@link Reply.Refused}), never thrown; a
 * {@link org.yibao.terminal.domain.RefusedException} thrown while reading {@code input} is turned
 * into a refusal; any other exception is a bug or an I/O failure and answers "终端内部错误".
 * A handler that writes must record its answer with {@link Call#recordSuccess} in the same
 * transaction and return {@link Reply.Recorded}, unless its answer must not be kept
 * ({@link Reply.Unrecorded}: 9001).
 */
public interface TransactionHandler {

    /** Whether a live 9001 sign-in whose role allows this infno is required (true for all but 9001). */
    default boolean needsSignIn() {
        return true;
    }

    /** Handles {@code call}; see the interface contract. */
    Reply handle(Call call) throws SQLException, IOException;
}
