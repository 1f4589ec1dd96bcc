package org.yibao.terminal.operator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A local operator as stored: number, name, role, and the state that decides whether they may
 * sign in (disabled, must change password, failed attempts, locked until). The password hash is
 * deliberately not part of this record, so listing operators can never show it.
 */
public record Operator(
        String opterNo,
        String name,
        Role role,
        boolean disabled,
        boolean mustChangePassword,
        int failedAttempts,
        Optional<Instant> lockedUntil,
        Instant createdAt) {

    public Operator {
        Objects.requireNonNull(opterNo, "opterNo");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the lock is still running at {@code now}. */
    public boolean lockedAt(Instant now) {
        return lockedUntil.map(now::isBefore).orElse(false);
    }
}
