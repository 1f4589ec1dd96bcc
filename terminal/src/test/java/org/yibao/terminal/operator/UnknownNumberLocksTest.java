package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The count of numbers that do not exist (README, Operators): locked after 5 as a known one, the
 * lock ending at its exact time, and only the last 4,096 numbers remembered (the least recently
 * tried forgotten first).
 */
class UnknownNumberLocksTest {
    private static final Instant T = OperatorFixtures.START;
    private static final Duration LOCK = LockoutPolicy.DEFAULT.lockDuration();

    private static UnknownNumberLocks.Counted count(UnknownNumberLocks locks, String number, Instant now) {
        return locks.count(number, now, now.plus(LOCK));
    }

    private static void lock(UnknownNumberLocks locks, String number) {
        for (int i = 1; i < LockoutPolicy.DEFAULT.maxFailures(); i++) {
            assertEquals(new UnknownNumberLocks.Counted(true, Optional.empty()), count(locks, number, T), "failure " + i);
        }
        assertEquals(new UnknownNumberLocks.Counted(true, Optional.of(T.plus(LOCK))), count(locks, number, T), "the 5th locks");
    }

    @Test
    void theFifthFailureLocksUntilItsExactEndAndTheCountStartsAgain() {
        UnknownNumberLocks locks = new UnknownNumberLocks(LockoutPolicy.DEFAULT);
        lock(locks, "NOBODY");
        Instant last = T.plus(LOCK).minusMillis(1);
        assertEquals(new UnknownNumberLocks.Counted(false, Optional.of(T.plus(LOCK))), count(locks, "NOBODY", last));
        assertEquals(new UnknownNumberLocks.Counted(true, Optional.empty()), count(locks, "NOBODY", T.plus(LOCK)),
                "the lock is over and the count starts again");
        assertEquals(new UnknownNumberLocks.Counted(true, Optional.empty()), count(locks, "NOBODY2", T), "numbers are counted apart");
    }

    @Test
    void aLockBegunUnderAClockSinceSetBackEndsALockDurationFromNow() {
        UnknownNumberLocks locks = new UnknownNumberLocks(LockoutPolicy.DEFAULT);
        lock(locks, "NOBODY");
        Instant setBack = T.minus(Duration.ofDays(365));
        assertEquals(new UnknownNumberLocks.Counted(false, Optional.of(setBack.plus(LOCK))), count(locks, "NOBODY", setBack));
        assertEquals(new UnknownNumberLocks.Counted(false, Optional.of(setBack.plus(LOCK))),
                count(locks, "NOBODY", setBack.plus(Duration.ofMinutes(1))), "cut once, not pushed on");
    }

    @Test
    void onlyTheLastNumbersTriedAreRemembered() {
        UnknownNumberLocks locks = new UnknownNumberLocks(LockoutPolicy.DEFAULT);
        lock(locks, "NOBODY");
        for (int i = 0; i < UnknownNumberLocks.REMEMBERED - 1; i++) count(locks, "X" + i, T);
        assertEquals(false, count(locks, "NOBODY", T).derive(), "4,095 others since: still remembered, and now the newest");
        for (int i = 0; i < UnknownNumberLocks.REMEMBERED; i++) count(locks, "Y" + i, T);
        assertEquals(new UnknownNumberLocks.Counted(true, Optional.empty()), count(locks, "NOBODY", T),
                "4,096 others since: forgotten, counted from the start");
    }
}
