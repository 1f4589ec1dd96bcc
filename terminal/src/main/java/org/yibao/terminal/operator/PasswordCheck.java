package org.yibao.terminal.operator;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an operator's password under the lockout policy: an unknown number costs the same time
 * as a known one and gets the same refusal; a locked operator is refused without a check; each
 * wrong password is counted, and the last allowed one starts the lock; a right password clears
 * the count and, when the stored hash is older than the hasher's iteration count, re-hashes it.
 * It does not look at the disabled or must-change flags: callers decide what those mean.
 */
final class PasswordCheck {
    private final OperatorStore store;
    private final PasswordHasher hasher;
    private final LockoutPolicy lockout;
    private final Clock clock;

    PasswordCheck(OperatorStore store, PasswordHasher hasher, LockoutPolicy lockout, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.lockout = lockout;
        this.clock = clock;
    }

    OperatorOutcome<Operator> verify(String opterNo, char[] password) throws SQLException {
        Optional<Operator> found = store.find(opterNo);
        Optional<PasswordHash> hash = store.passwordHash(opterNo);
        if (found.isEmpty() || hash.isEmpty()) {
            hasher.verifyDecoy(password);
            return OperatorOutcome.refused(OperatorReason.BAD_CREDENTIALS);
        }
        Operator operator = found.get();
        Instant now = clock.instant();
        if (operator.lockedAt(now)) return locked(operator.lockedUntil().orElseThrow(), now);
        if (!hasher.verify(password, hash.get())) return countFailure(opterNo, now);
        return new OperatorOutcome.Done<>(succeed(operator, hash.get(), password, now));
    }

    private OperatorOutcome<Operator> countFailure(String opterNo, Instant now) throws SQLException {
        Instant until = now.plus(lockout.lockDuration());
        boolean locked = store.database().inTransaction(connection -> {
            if (store.addFailure(connection, opterNo) < lockout.maxFailures()) return false;
            store.lock(connection, opterNo, until);
            return true;
        });
        return locked ? locked(until, now) : OperatorOutcome.refused(OperatorReason.BAD_CREDENTIALS);
    }

    private Operator succeed(Operator operator, PasswordHash hash, char[] password, Instant now) throws SQLException {
        boolean rehash = hasher.needsRehash(hash);
        if (operator.failedAttempts() == 0 && operator.lockedUntil().isEmpty() && !rehash) return operator;
        return store.database().inTransaction(connection -> {
            if (rehash) {
                store.setPassword(connection, operator.opterNo(), hasher.hash(password), operator.mustChangePassword(), now);
            } else {
                store.clearFailures(connection, operator.opterNo());
            }
            return store.find(connection, operator.opterNo()).orElseThrow();
        });
    }

    private static <T> OperatorOutcome<T> locked(Instant until, Instant now) {
        long minutes = Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
        return OperatorOutcome.refused(OperatorReason.LOCKED, "请 " + minutes + " 分钟后再试");
    }
}
