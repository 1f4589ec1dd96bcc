package org.yibao.terminal.operator;

import java.time.Instant;
import java.util.Objects;

/**
 * A sign-in session just opened by 9001: the sign_no (shown once, stored only as a hash), the
 * operator, and when it started and expires.
 */
public record SignIn(String signNo, Operator operator, Instant signedInAt, Instant expiresAt) {
    public SignIn {
        Objects.requireNonNull(signNo, "signNo");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(signedInAt, "signedInAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "SignIn[" + operator.opterNo() + ", " + signedInAt + " - " + expiresAt + "]";
    }
}
