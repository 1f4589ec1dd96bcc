package org.yibao.terminal.operator;

import java.util.Objects;

/** Who is acting: an operator number and the password they typed (wiped by the caller when done). */
public record Credentials(String opterNo, char[] password) {
    public Credentials {
        Objects.requireNonNull(opterNo, "opterNo");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[" + opterNo + ", (password)]";
    }
}
