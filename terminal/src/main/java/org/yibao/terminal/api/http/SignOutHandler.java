package org.yibao.terminal.api.http;

import static org.yibao.terminal.api.json.JsonFields.requiredObject;
import static org.yibao.terminal.api.json.JsonFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.OperatorReason;
import org.yibao.terminal.operator.SignInSessions;

/**
 * 9002 签退: {@code input.signOut} {sign_no, opter_no} ends that session and answers
 * {@code output.signoutoutb} {sign_time}. Runs under the session it ends (authorised like any
 * transaction), and {@code input.signOut} must name the envelope's own sign_no and operator.
 */
public final class SignOutHandler implements TransactionHandler {
    /** The transaction code. */
    public static final String INFNO = "9002";

    private final SignInSessions sessions;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SignOutHandler(SignInSessions sessions, ObjectMapper mapper, Clock clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Reply handle(Call call) throws SQLException {
        JsonNode signOut = requiredObject(call.envelope().input(), "signOut", "input"); // fields refused 1021/1022 as any input's
        String signNo = requiredText(signOut, "sign_no", "input.signOut");
        String opterNo = requiredText(signOut, "opter_no", "input.signOut");
        if (!signNo.equals(call.envelope().signNo()) || !opterNo.equals(call.envelope().opter())) {
            return new Reply.Refused(new Refusal(OperatorReason.OPERATOR_MISMATCH, "input.signOut 与信封的 sign_no/opter 不同"));
        }
        return switch (sessions.signOut(signNo, opterNo, (connection, at) -> call.recordSuccess(connection, output(at), ""))) {
            case OperatorOutcome.Done<String>(String json) -> new Reply.Recorded(json);
            case OperatorOutcome.Refused<String>(Refusal refusal) -> new Reply.Refused(refusal);
        };
    }

    private ObjectNode output(Instant signedOutAt) {
        ObjectNode output = mapper.createObjectNode();
        output.putObject("signoutoutb").put("sign_time",
                LocalDateTime.ofInstant(signedOutAt, clock.getZone()).format(Timestamps.TIME));
        return output;
    }
}
