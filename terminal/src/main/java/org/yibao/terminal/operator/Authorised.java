package org.yibao.terminal.operator;

import java.util.Objects;

/** A request allowed by {@link SignInSessions#authorise}: the signed-in operator running it. */
public record Authorised(Operator operator) {
    public Authorised {
        Objects.requireNonNull(operator, "operator");
    }
}
