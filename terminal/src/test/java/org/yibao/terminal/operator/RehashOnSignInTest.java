package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.code;
import static org.yibao.terminal.operator.OperatorFixtures.done;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * A terminal whose hasher was raised (more iterations) re-hashes a password made with fewer at
 * its next right entry, keeps the operator's flags, clears the failures counted before it, and
 * opens the session on the new hash (PasswordCheck: "when the stored hash is older than the
 * hasher's iteration count, re-hashes it").
 */
class RehashOnSignInTest {
    private static final int RAISED = PasswordHasher.MIN_ITERATIONS + 1;

    private static String storedHash(SqliteDatabase database, String opterNo) throws Exception {
        try (Statement s = database.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT password_hash FROM operator WHERE opter_no = '" + opterNo + "'")) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void aRightPasswordUnderARaisedHasherIsReHashedAndTheSessionOpensOnTheNewHash(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(OperatorFixtures.START);
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            OperatorFixtures.seed(OperatorFixtures.open(database, clock));
            String before = storedHash(database, CASHIER);
            assertTrue(before.startsWith("pbkdf2-sha256$310000$"), before);

            Operators raised = Operators.open(database, new PasswordHasher(RAISED), LockoutPolicy.DEFAULT, clock);
            assertEquals("1601", code(raised.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())));
            assertEquals(1, raised.find(CASHIER).orElseThrow().failedAttempts());
            assertEquals(before, storedHash(database, CASHIER), "a wrong password re-hashes nothing");

            clock.advance(Duration.ofMinutes(1));
            SignInSessions sessions = new SignInSessions(raised, Duration.ofHours(8));
            SignIn signIn = done(sessions.signIn(CASHIER, CASHIER_PASSWORD.toCharArray(), "", "", (c, s) -> s));
            String after = storedHash(database, CASHIER);
            assertTrue(after.startsWith("pbkdf2-sha256$" + RAISED + "$"), after);
            Operator cashier = raised.find(CASHIER).orElseThrow();
            assertEquals(0, cashier.failedAttempts(), "the right password clears the count");
            assertEquals(false, cashier.mustChangePassword());
            done(sessions.authorise(signIn.signNo(), CASHIER, "2102"));
            done(raised.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));
            assertEquals(after, storedHash(database, CASHIER), "re-hashed once");
        }
    }

    /** The must-change flag survives the re-hash: a first admin who has not changed the initial password still must. */
    @Test
    void theReHashKeepsTheMustChangeFlag(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(OperatorFixtures.START);
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            done(OperatorFixtures.open(database, clock).addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, true),
                    OperatorFixtures.ADMIN_INITIAL.toCharArray()));
            Operators raised = Operators.open(database, new PasswordHasher(RAISED), LockoutPolicy.DEFAULT, clock);
            assertEquals("1604", code(raised.checkSignIn(ADMIN, OperatorFixtures.ADMIN_INITIAL.toCharArray())));
            assertTrue(storedHash(database, ADMIN).startsWith("pbkdf2-sha256$" + RAISED + "$"));
            assertTrue(raised.find(ADMIN).orElseThrow().mustChangePassword());
        }
    }
}
