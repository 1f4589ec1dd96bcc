package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * README "Operators": a password change or reset "end[s] that operator's open sign_nos". A sign-in
 * whose password check passed just before an admin's reset committed, and whose session was stored
 * just after, opened a sign_no on the old password that lived its full 8 hours (found by the
 * operators review of 2026-12-06): the session's own transaction now checks the password it was
 * checked against still stands.
 */
class PasswordChangeDuringSignInTest {
    @TempDir Path dir;

    /** A hand clock that runs {@code hook} once, at the {@code n}-th reading after {@link #armAt}. */
    static final class HookClock extends Clock {
        final HandClock hand = new HandClock(OperatorFixtures.START);
        volatile int countdown = -1;
        volatile Runnable hook;
        boolean firing;

        void armAt(int n, Runnable action) {
            hook = action;
            countdown = n;
        }

        @Override public ZoneId getZone() {
            return hand.getZone();
        }

        @Override public Clock withZone(ZoneId zone) {
            return hand.withZone(zone); // as the hand clock it reads (fixed to Beijing time)
        }

        @Override public Instant instant() {
            if (!firing && countdown > 0 && --countdown == 0) {
                firing = true;
                try {
                    hook.run();
                } finally {
                    firing = false;
                }
            }
            return hand.instant();
        }
    }

    @Test
    void aSignInWhoseCheckRacedAnAdminResetGetsNoSignNo() throws Exception {
        SqliteDatabase database = OperatorFixtures.database(dir);
        try {
            HookClock clock = new HookClock();
            Operators operators = Operators.open(database, OperatorFixtures.HASHER, LockoutPolicy.DEFAULT, clock);
            OperatorFixtures.seed(operators);
            SignInSessions sessions = new SignInSessions(operators, Duration.ofHours(8));
            // signIn's 2nd clock reading: after the old password was checked, before the session is stored
            clock.armAt(2, () -> {
                try {
                    OperatorFixtures.done(operators.resetPassword(new Credentials(ADMIN, ADMIN_PASSWORD.toCharArray()), CASHIER,
                            "Fresh-Pass-9".toCharArray(), false));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            OperatorOutcome<SignIn> signIn = sessions.signIn(CASHIER, CASHIER_PASSWORD.toCharArray(), "", "127.0.0.1", (c, s) -> s);
            assertTrue(signIn instanceof OperatorOutcome.Refused<SignIn>, "no sign_no on the password just reset: " + signIn);
            assertEquals("1601", ((OperatorOutcome.Refused<SignIn>) signIn).refusal().reason().code());
            assertTrue(sessions.signIn(CASHIER, "Fresh-Pass-9".toCharArray(), "", "127.0.0.1", (c, s) -> s)
                    instanceof OperatorOutcome.Done<SignIn>, "the new password signs in");
        } finally {
            database.close();
        }
    }
}
