package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bytes of pushed updates held at once: one always, more only within half the largest message the device takes. */
class PushBudgetTest {

    @Test
    void oneIsAlwaysTakenAndMoreOnlyWithinHalfThePacketLimit() {
        PushBudget budget = new PushBudget(() -> 10_000_000);
        assertTrue(budget.take(9_800_000), "a message up to the limit, alone");
        assertFalse(budget.take(9_800_000), "a second one near the limit is left to the catch-up");
        assertFalse(budget.take(1), "nothing more while half the limit is held");
        budget.release(9_800_000);

        assertTrue(budget.take(1_900_000));
        assertTrue(budget.take(1_900_000));
        assertTrue(budget.take(1_200_000), "exactly half the limit held");
        assertFalse(budget.take(1));
        assertEquals(5_000_000, budget.held());
        budget.release(1_900_000);
        assertTrue(budget.take(1_900_000), "room again once one is decided");
    }

    @Test
    void withoutAPacketLimitEveryPushIsTaken() {
        PushBudget budget = new PushBudget(() -> 0);
        for (int i = 0; i < 10; i++) assertTrue(budget.take(50_000_000));
    }
}
