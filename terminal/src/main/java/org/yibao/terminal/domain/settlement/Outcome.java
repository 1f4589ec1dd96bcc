package org.yibao.terminal.domain.settlement;

import java.util.Objects;
import org.yibao.terminal.domain.Refusal;

/**
 * The result of a domain step: a value, or a {@link Refusal} with a result code. Business
 * refusals travel as values, never as exceptions.
 */
public sealed interface Outcome<T> {

    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(Refusal refusal) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> refused(SettlementReason reason, String detail) {
        return new Refused<>(new Refusal(reason, detail));
    }
}
