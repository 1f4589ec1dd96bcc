package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.domain.Refusal;

/** A step's result inside the verifier: a value, or the refusal that ends verification. */
sealed interface Checked<T> {
    record Ok<T>(T value) implements Checked<T> {
    }

    record No<T>(Refusal refusal) implements Checked<T> {
    }

    static <T> Checked<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Checked<T> no(ReasonCode reason, String detail) {
        return new No<>(new Refusal(reason, detail));
    }
}
