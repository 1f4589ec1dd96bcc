package org.yibao.terminal.api.http;

import java.sql.SQLException;
import java.util.Objects;
import org.yibao.terminal.api.envelope.RequestEnvelope;
import org.yibao.terminal.operator.Authorised;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.SignInSessions;

/**
 * {@code authorise(envelope)}: the envelope's sign_no is a live 9001 session of the operator
 * named in {@code opter}, that operator is enabled, and their role allows {@code infno}.
 * Refusals are 16xx codes of {@link org.yibao.terminal.operator.OperatorReason}.
 */
public final class Authoriser {
    private final SignInSessions sessions;

    public Authoriser(SignInSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** Whether {@code envelope} may run; see the class comment. */
    public OperatorOutcome<Authorised> authorise(RequestEnvelope envelope) throws SQLException {
        return sessions.authorise(envelope.signNo(), envelope.opter(), envelope.infno());
    }
}
