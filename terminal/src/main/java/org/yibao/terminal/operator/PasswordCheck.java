package org.yibao.terminal.operator;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks an operator's password under the lockout policy: an unknown number costs the same
 * derivation and the same write as a known one and gets the same refusals, its failures counted
 * and locked alike ({@link UnknownNumberLocks}); a locked operator is refused without a check; a right password
 * clears the count and, when the stored hash is older than the hasher's
 * iteration count, re-hashes it. It does not look at the disabled or must-change flags: callers
 * decide what those mean.
 *
 * <p>Each attempt is counted as a failure <em>before</em> its slow derivation, in one write
 * transaction with the lock check, and the attempt that reaches the limit starts the lock then;
 * a right password takes the count back afterwards. So attempts that arrive together (several
 * API threads, several {@code terminal operator} processes on one data folder) cannot all pass
 * the lock check while the first ones are still deriving: no more than
 * {@link LockoutPolicy#maxFailures()} passwords are ever tried between two locks. Within this
 * process one attempt per operator number runs at a time (a lock per stripe of numbers), so a
 * right password still being derived is never counted against another right one that arrives
 * with it (a POS sending 9001 again, several API threads signing one cashier in).
 */
final class PasswordCheck {
    private final OperatorStore store;
    private final PasswordHasher hasher;
    private final LockoutPolicy lockout;
    private final Clock clock;
    private final UnknownNumberLocks unknownNumbers;
    private final ReentrantLock[] turns = new ReentrantLock[64];

    PasswordCheck(OperatorStore store, PasswordHasher hasher, LockoutPolicy lockout, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.lockout = lockout;
        this.clock = clock;
        this.unknownNumbers = new UnknownNumberLocks(lockout);
        for (int i = 0; i < turns.length; i++) turns[i] = new ReentrantLock();
    }

    /**
     * An attempt counted before its check: the operator and hash as they were (both null for a
     * number that does not exist, counted by {@link UnknownNumberLocks}), and whether it started the lock.
     */
    private record Attempt(Operator operator, PasswordHash hash, Optional<Instant> lockedUntil) {
        static Attempt unknown(Optional<Instant> lockedUntil) {
            return new Attempt(null, null, lockedUntil);
        }

        boolean isUnknown() {
            return operator == null;
        }
    }

    /** A right password: the operator as it is now and the stored hash the password matched (or its re-hash). */
    record Verified(Operator operator, PasswordHash hash) {
    }

    OperatorOutcome<Verified> verify(String opterNo, char[] password) throws SQLException {
        ReentrantLock turn = turns[Math.floorMod(opterNo.hashCode(), turns.length)];
        turn.lock();
        try {
            return verifyInTurn(opterNo, password);
        } finally {
            turn.unlock();
        }
    }

    private OperatorOutcome<Verified> verifyInTurn(String opterNo, char[] password) throws SQLException {
        Instant now = clock.instant();
        Instant until = now.plus(lockout.lockDuration());
        OperatorOutcome<Attempt> counted = store.database().inTransaction(connection -> count(connection, opterNo, now, until));
        if (counted instanceof OperatorOutcome.Refused<Attempt>(var refusal)) {
            return new OperatorOutcome.Refused<>(refusal);
        }
        Attempt attempt = ((OperatorOutcome.Done<Attempt>) counted).value();
        if (!matches(attempt, password)) {
            return attempt.lockedUntil().isPresent() ? locked(until, now) : OperatorOutcome.refused(OperatorReason.BAD_CREDENTIALS);
        }
        return new OperatorOutcome.Done<>(succeed(attempt, password, now));
    }

    /** Whether {@code password} is the attempt's operator's; for an unknown number, never, after the same derivation. */
    private boolean matches(Attempt attempt, char[] password) {
        if (!attempt.isUnknown()) return hasher.verify(password, attempt.hash());
        hasher.verifyDecoy(password);
        return false;
    }

    private OperatorOutcome<Attempt> count(Connection connection, String opterNo, Instant now, Instant until) throws SQLException {
        Optional<Operator> found = store.find(connection, opterNo);
        Optional<PasswordHash> hash = store.passwordHash(connection, opterNo);
        if (found.isEmpty() || hash.isEmpty()) return countUnknown(connection, opterNo, now, until);
        if (found.get().lockedAt(now)) return stillLocked(connection, found.get(), now, until);
        Optional<Instant> lockedNow = Optional.empty();
        if (store.addFailure(connection, opterNo) >= lockout.maxFailures()) {
            store.lock(connection, opterNo, until);
            lockedNow = Optional.of(until);
        }
        return new OperatorOutcome.Done<>(new Attempt(found.get(), hash.get(), lockedNow));
    }

    /**
     * A running lock. One with more than its duration left began under a clock since set back (it
     * had run ahead): kept, it would last the whole jump, so it ends a lock's duration from now.
     */
    private OperatorOutcome<Attempt> stillLocked(Connection connection, Operator operator, Instant now, Instant until)
            throws SQLException {
        Instant end = operator.lockedUntil().orElseThrow();
        if (end.isAfter(until)) {
            store.lock(connection, operator.opterNo(), until);
            end = until;
        }
        return locked(end, now);
    }

    /**
     * A number that does not exist, counted as a known operator's wrong password is: locked without
     * a check, else counted (in memory) and written to the disk as a known operator's count is
     * ({@link OperatorStore#writeDecoyFailure}: the same page and fsync), so neither the answer nor
     * the time it takes tells the two apart.
     */
    private OperatorOutcome<Attempt> countUnknown(Connection connection, String opterNo, Instant now, Instant until)
            throws SQLException {
        UnknownNumberLocks.Counted counted = unknownNumbers.count(opterNo, now, until);
        if (!counted.derive()) return locked(counted.lockedUntil().orElseThrow(), now);
        store.writeDecoyFailure(connection);
        return new OperatorOutcome.Done<>(Attempt.unknown(counted.lockedUntil()));
    }

    /** The right password: the count (this attempt's and earlier ones) and any lock it started are cleared. */
    private Verified succeed(Attempt attempt, char[] password, Instant now) throws SQLException {
        Operator operator = attempt.operator();
        boolean rehash = hasher.needsRehash(attempt.hash());
        PasswordHash rehashed = rehash ? hasher.hash(password) : null;
        return store.database().inTransaction(connection -> {
            // re-hashed only while the password checked is still the one stored (not reset meanwhile by another process)
            boolean rehashNow = rehash && store.passwordHash(connection, operator.opterNo()).equals(Optional.of(attempt.hash()));
            if (rehashNow) {
                store.setPassword(connection, operator.opterNo(), rehashed, operator.mustChangePassword(), now);
            } else {
                store.clearFailures(connection, operator.opterNo());
            }
            return new Verified(store.find(connection, operator.opterNo()).orElseThrow(), rehashNow ? rehashed : attempt.hash());
        });
    }

    /** The lock refusal; any part of a minute left counts as a minute, so "N 分钟后" is never too early. */
    private static <T> OperatorOutcome<T> locked(Instant until, Instant now) {
        long minutes = Math.max(1, (Duration.between(now, until).toMillis() + 59_999) / 60_000);
        return OperatorOutcome.refused(OperatorReason.LOCKED, "请 " + minutes + " 分钟后再试");
    }
}
