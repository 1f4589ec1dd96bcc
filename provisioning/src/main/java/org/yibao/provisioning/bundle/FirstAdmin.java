package org.yibao.provisioning.bundle;

import java.util.Objects;

/**
 * The first admin operator a bundle names, with a one-time password the admin must change at
 * first sign-in. The terminal creates the operator (provisioning cannot reach its store); the
 * caller wipes the password after use. {@link #toString()} never shows the password.
 */
public record FirstAdmin(String opterNo, String name, char[] oneTimePassword) {
    public FirstAdmin {
        Objects.requireNonNull(opterNo, "opterNo");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(oneTimePassword, "oneTimePassword");
    }

    /** Overwrites the password in memory. */
    public void wipe() {
        java.util.Arrays.fill(oneTimePassword, '\0');
    }

    @Override public String toString() {
        return "FirstAdmin[" + opterNo + "]";
    }
}
