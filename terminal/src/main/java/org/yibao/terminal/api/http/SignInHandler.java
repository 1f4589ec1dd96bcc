package org.yibao.terminal.api.http;

import static org.yibao.terminal.api.json.JsonFields.requiredObject;
import static org.yibao.terminal.api.json.JsonFields.requiredText;
import static org.yibao.terminal.api.json.JsonFields.secret;
import static org.yibao.terminal.api.json.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.function.Supplier;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.OperatorReason;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.operator.SignIn;
import org.yibao.terminal.operator.SignInSessions;

/**
 * 9001 签到: {@code input.signIn} {opter_no, mac, ip, term_password} checks the local operator's
 * password and answers {@code output.signinoutb} {sign_time, sign_no}. The envelope's
 * {@code opter} must be the operator signing in. Needs no earlier sign-in.
 *
 * <p>Its answer is not recorded under the msgid ({@link Reply.Unrecorded}): it holds the new
 * sign_no, which the database keeps only as its SHA-256, and the request's fingerprint would be a
 * fast SHA-256 over the password and fields anyone can read or guess, a shortcut around the slow
 * password hash for whoever copies the database. A 9001 sent again under its msgid checks the
 * password again and opens a new session with a new sign_no.
 *
 * <p>Its {@code warn_msg} is what {@code notice} says at that moment ("" for nothing): the terminal's
 * own state the cashier should learn at the start of a shift (its data disk running low), never a
 * reason to refuse the sign-in. A 9001 sent again is answered anew, with the notice of that moment.
 */
public final class SignInHandler implements TransactionHandler {
    /** The transaction code. */
    public static final String INFNO = "9001";

    private final SignInSessions sessions;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Supplier<String> notice;

    /** With {@code notice}: the sign-in's warn_msg ("" for none), asked at each sign-in. */
    public SignInHandler(SignInSessions sessions, ObjectMapper mapper, Clock clock, Supplier<String> notice) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notice = Objects.requireNonNull(notice, "notice");
    }

    @Override
    public boolean needsSignIn() {
        return false;
    }

    @Override
    public Reply handle(Call call) throws SQLException {
        JsonNode signIn = requiredObject(call.envelope().input(), "signIn", "input"); // fields refused 1021/1022 as any input's
        String opterNo = requiredText(signIn, "opter_no", "input.signIn");
        String mac = text(signIn, "mac", "input.signIn");
        String ip = text(signIn, "ip", "input.signIn");
        char[] password = secret(signIn, "term_password", "input.signIn").toCharArray();
        if (!opterNo.equals(call.envelope().opter())) {
            return new Reply.Refused(new Refusal(OperatorReason.OPERATOR_MISMATCH, "opter 与 input.signIn.opter_no 不同"));
        }
        try {
            return switch (sessions.signIn(opterNo, password, mac, ip, (connection, session) ->
                    call.unrecordedSuccess(output(session), notice.get()))) {
                case OperatorOutcome.Done<String>(String json) -> new Reply.Unrecorded(json);
                case OperatorOutcome.Refused<String>(Refusal refusal) -> new Reply.Refused(refusal);
            };
        } finally {
            PasswordHasher.wipe(password);
        }
    }

    private ObjectNode output(SignIn session) {
        ObjectNode output = mapper.createObjectNode();
        ObjectNode signinoutb = output.putObject("signinoutb");
        signinoutb.put("sign_time", LocalDateTime.ofInstant(session.signedInAt(), clock.getZone()).format(Timestamps.TIME));
        signinoutb.put("sign_no", session.signNo());
        return output;
    }
}
