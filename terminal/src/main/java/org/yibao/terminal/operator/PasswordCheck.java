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
 * derivation as a known one and gets the same refusals, its failures counted and locked alike
 * ({@link UnknownNumberLocks}); a locked operator is refused without a check; a right password
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

    /** An attempt counted before its check: the operator and hash as they were, and whether it started the lock. */
    private record Attempt(Operator operator, PasswordHash hash, Optional<Instant> lockedUntil) {
        /** No such operator: counted by {@link UnknownNumberLocks}, outside the transaction. */
        static final Attempt UNKNOWN = new Attempt(null, null, Optional.empty());
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
        if (attempt == Attempt.UNKNOWN) return unknownNumber(opterNo, password, now, until);
        if (!hasher.verify(password, attempt.hash())) {
            return attempt.lockedUntil().isPresent() ? locked(until, now) : OperatorOutcome.refused(OperatorReason.BAD_CREDENTIALS);
        }
        return new OperatorOutcome.Done<>(succeed(attempt, password, now));
    }

    private OperatorOutcome<Attempt> count(Connection connection, String opterNo, Instant now, Instant until) throws SQLException {
        Optional<Operator> found = store.find(connection, opterNo);
        Optional<PasswordHash> hash = store.passwordHash(connection, opterNo);
        if (found.isEmpty() || hash.isEmpty()) return new OperatorOutcome.Done<>(Attempt.UNKNOWN);
        if (found.get().lockedAt(now)) return locked(found.get().lockedUntil().orElseThrow(), now);
        Optional<Instant> lockedNow = Optional.empty();
        if (store.addFailure(connection, opterNo) >= lockout.maxFailures()) {
            store.lock(connection, opterNo, until);
            lockedNow = Optional.of(until);
        }
        return new OperatorOutcome.Done<>(new Attempt(found.get(), hash.get(), lockedNow));
    }

    /** As a known operator's wrong password: locked without a check, else counted, derived, and refused or locked. */
    private <T> OperatorOutcome<T> unknownNumber(String opterNo, char[] password, Instant now, Instant until) {
        UnknownNumberLocks.Counted counted = unknownNumbers.count(opterNo, now, until);
        if (!counted.derive()) return locked(counted.lockedUntil().orElseThrow(), now);
        hasher.verifyDecoy(password);
        return counted.lockedUntil().isPresent() ? locked(until, now) : OperatorOutcome.refused(OperatorReason.BAD_CREDENTIALS);
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
