package org.yibao.terminal.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.api.envelope.ParsedRequest;
import org.yibao.terminal.api.envelope.RequestEnvelope;
import org.yibao.terminal.api.envelope.ResponseWriter;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.store.idempotency.IdempotencyStore;

/**
 * One authorised request as a handler sees it: the envelope, the signed-in operator (empty for
 * 9001), and {@link #recordSuccess} to write the answer under the msgid inside the handler's
 * own transaction.
 */
public final class Call {
    private final ParsedRequest request;
    private final Instant received;
    private final Optional<Operator> operator;
    private final ResponseWriter writer;
    private final IdempotencyStore replies;

    Call(ParsedRequest request, Instant received, Optional<Operator> operator, ResponseWriter writer,
         IdempotencyStore replies) {
        this.request = Objects.requireNonNull(request, "request");
        this.received = Objects.requireNonNull(received, "received");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    public RequestEnvelope envelope() {
        return request.envelope();
    }

    /** The operator the sign_no authorised; empty for transactions that need no sign-in. */
    public Optional<Operator> operator() {
        return operator;
    }

    /** When the request arrived. */
    public Instant received() {
        return received;
    }

    /**
     * The success answer carrying {@code output}, not recorded: for {@link Reply.Unrecorded}
     * (9001, whose answer and request hold secrets the database must not keep).
     */
    public String unrecordedSuccess(JsonNode output, String warnMsg) {
        return writer.success(received, output, warnMsg);
    }

    /**
     * Writes the success answer carrying {@code output} and records it under the msgid on
     * {@code inCallersTransaction}; returns the JSON to put in {@link Reply.Recorded}. If the msgid
     * was answered meanwhile, throws {@link org.yibao.terminal.store.idempotency.MsgidAlreadyRecordedException}
     * so the caller's transaction rolls back; the service then answers with the stored reply.
     */
    public String recordSuccess(Connection inCallersTransaction, JsonNode output, String warnMsg) throws SQLException {
        String json = writer.success(received, output, warnMsg);
        replies.record(inCallersTransaction, envelope().msgid().value(), envelope().infno(), request.requestHash(),
                request.anySessionHash(), json);
        return json;
    }
}
