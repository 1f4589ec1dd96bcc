package org.yibao.terminal.operator;

import java.util.Objects;
import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.domain.Refusal;

/** The result of an operator or sign-in action: a value, or a refusal with a 16xx code. */
public sealed interface OperatorOutcome<T> {
    /** The action succeeded with {@code value}. */
    record Done<T>(T value) implements OperatorOutcome<T> {
        public Done {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The action was refused; nothing was changed except, for a wrong password, the failure count. */
    record Refused<T>(Refusal refusal) implements OperatorOutcome<T> {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** A refusal for {@code reason} with {@code detail}. */
    static <T> OperatorOutcome<T> refused(ReasonCode reason, String detail) {
        return new Refused<>(new Refusal(reason, detail));
    }

    /** A refusal for {@code reason} without detail. */
    static <T> OperatorOutcome<T> refused(ReasonCode reason) {
        return refused(reason, "");
    }
}
