package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.TECHNICIAN;
import static org.yibao.terminal.operator.OperatorFixtures.TECHNICIAN_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.code;
import static org.yibao.terminal.operator.OperatorFixtures.done;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

class SignInSessionsTest {
    private static final Duration TTL = Duration.ofHours(8);

    @TempDir Path dir;
    private SqliteDatabase database;
    private HandClock clock;
    private Operators operators;
    private SignInSessions sessions;

    @BeforeEach void open() throws Exception {
        database = OperatorFixtures.database(dir);
        clock = new HandClock(OperatorFixtures.START);
        operators = OperatorFixtures.open(database, clock);
        OperatorFixtures.seed(operators);
        sessions = new SignInSessions(operators, TTL);
    }

    @AfterEach void close() {
        database.close();
    }

    private SignIn signIn(String opterNo, String password) throws Exception {
        return done(sessions.signIn(opterNo, password.toCharArray(), "00:11:22:33:44:55", "127.0.0.1", (c, s) -> s));
    }

    @Test void signInGivesAnUnguessableSignNoThatAuthorisesItsOperator() throws Exception {
        SignIn first = signIn(CASHIER, CASHIER_PASSWORD);
        SignIn second = signIn(CASHIER, CASHIER_PASSWORD);
        assertTrue(first.signNo().matches("[0-9a-f]{32}"), first.signNo());
        assertNotEquals(first.signNo(), second.signNo());
        assertEquals(OperatorFixtures.START.plus(TTL), first.expiresAt());
        assertEquals(CASHIER, done(sessions.authorise(first.signNo(), CASHIER, "2101")).operator().opterNo());
        try (Statement statement = database.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT sign_no_sha256 FROM operator_session")) {
            while (rows.next()) assertNotEquals(first.signNo(), rows.getString(1), "sign_no is stored hashed");
        }
    }

    @Test void refusedSignInOpensNoSession() throws Exception {
        assertEquals("1601", code(sessions.signIn(CASHIER, "wrong-pass-1".toCharArray(), "", "", (c, s) -> s)));
        try (Statement statement = database.connection().createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM operator_session")) {
            count.next();
            assertEquals(0, count.getInt(1));
        }
    }

    @Test void authoriseChecksSignNoOperatorAndRole() throws Exception {
        SignIn cashier = signIn(CASHIER, CASHIER_PASSWORD);
        assertEquals("1605", code(sessions.authorise("", CASHIER, "2101")));
        assertEquals("1605", code(sessions.authorise("0123456789abcdef0123456789abcdef", CASHIER, "2101")));
        assertEquals("1608", code(sessions.authorise(cashier.signNo(), ADMIN, "2101")));
        assertEquals("1609", code(sessions.authorise(cashier.signNo(), CASHIER, "3201")));
        SignIn technician = signIn(TECHNICIAN, TECHNICIAN_PASSWORD);
        assertEquals("1609", code(sessions.authorise(technician.signNo(), TECHNICIAN, "2102")));
        done(sessions.authorise(technician.signNo(), TECHNICIAN, "term_diag_printer"));
        SignIn admin = signIn(ADMIN, ADMIN_PASSWORD);
        done(sessions.authorise(admin.signNo(), ADMIN, "3201"));
    }

    @Test void aSessionExpiresAfterItsTimeToLive() throws Exception {
        SignIn cashier = signIn(CASHIER, CASHIER_PASSWORD);
        clock.advance(TTL.minusSeconds(1));
        done(sessions.authorise(cashier.signNo(), CASHIER, "2101"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("1606", code(sessions.authorise(cashier.signNo(), CASHIER, "2101")));
    }

    /**
     * A sign_no lasts its time to live of real time. A device clock that ran ahead (a typo when it
     * was set, a wrong RTC) and is then set right would otherwise stretch it by the whole jump:
     * signed in under 2027, usable for a year once the clock says 2026 again (3201 and reprints are
     * not held back by the clock guard, and nothing else is after a `clock confirm`). A clock
     * before the sign-in by more than an ordinary network-time correction ends the session; a
     * correction of a few minutes does not.
     */
    @Test void aClockSetBackBeforeTheSignInEndsTheSessionInsteadOfStretchingIt() throws Exception {
        SignIn cashier = signIn(CASHIER, CASHIER_PASSWORD);
        clock.advance(Duration.ofMinutes(-5));
        done(sessions.authorise(cashier.signNo(), CASHIER, "2101"));
        clock.advance(Duration.ofDays(-1));
        assertEquals("1606", code(sessions.authorise(cashier.signNo(), CASHIER, "2101")));
    }

    @Test void signOutEndsTheSessionOnce() throws Exception {
        SignIn cashier = signIn(CASHIER, CASHIER_PASSWORD);
        assertEquals("1608", code(sessions.signOut(cashier.signNo(), ADMIN, (c, at) -> at)));
        assertEquals(OperatorFixtures.START, done(sessions.signOut(cashier.signNo(), CASHIER, (c, at) -> at)));
        assertEquals("1607", code(sessions.authorise(cashier.signNo(), CASHIER, "2101")));
        assertEquals("1607", code(sessions.signOut(cashier.signNo(), CASHIER, (c, at) -> at)));
        assertEquals("1605", code(sessions.signOut("ffffffffffffffffffffffffffffffff", CASHIER, (c, at) -> at)));
    }

    @Test void disablingOrResettingAPasswordEndsOpenSessions() throws Exception {
        Credentials admin = new Credentials(ADMIN, ADMIN_PASSWORD.toCharArray());
        SignIn cashier = signIn(CASHIER, CASHIER_PASSWORD);
        done(operators.resetPassword(admin, CASHIER, "Fresh-Pass-9".toCharArray(), false));
        assertEquals("1607", code(sessions.authorise(cashier.signNo(), CASHIER, "2101")));
        SignIn again = signIn(CASHIER, "Fresh-Pass-9");
        done(operators.disable(admin, CASHIER));
        assertEquals("1607", code(sessions.authorise(again.signNo(), CASHIER, "2101")));
    }

    @Test void workInTheSignInTransactionRollsTheSessionBackWhenItFails() throws Exception {
        java.sql.SQLException thrown = assertThrows(java.sql.SQLException.class, () ->
                sessions.signIn(CASHIER, CASHIER_PASSWORD.toCharArray(), "", "", (c, s) -> {
                    throw new java.sql.SQLException("recording the answer failed");
                }));
        assertEquals("recording the answer failed", thrown.getMessage());
        try (Statement statement = database.connection().createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM operator_session")) {
            count.next();
            assertEquals(0, count.getInt(1));
        }
    }

    /**
     * A host that signs in before every transaction writes a session row each time; rows of
     * sessions that expired more than {@link SignInSessions#KEPT_AFTER_EXPIRY} ago go at the next
     * sign-in, in its transaction, so the table stays about that many days of sign-ins. Younger ones
     * stay (who signed in from where, for a manager's question), and answer 1606 as before.
     */
    @Test void aSignInDeletesSessionsExpiredLongerThanTheKeepingTimeAgo() throws Exception {
        SignIn old = signIn(CASHIER, CASHIER_PASSWORD);
        clock.advance(Duration.ofDays(1));
        SignIn younger = signIn(CASHIER, CASHIER_PASSWORD);
        clock.advance(TTL.plus(SignInSessions.KEPT_AFTER_EXPIRY).minusDays(1));
        signIn(ADMIN, ADMIN_PASSWORD);
        assertEquals(3, sessionRows(), "expired exactly the keeping time ago: still kept");
        clock.advance(Duration.ofMillis(1));
        signIn(ADMIN, ADMIN_PASSWORD);
        assertEquals(3, sessionRows(), "the oldest went, the newest came");
        assertEquals("1605", code(sessions.authorise(old.signNo(), CASHIER, "2101")));
        assertEquals("1606", code(sessions.authorise(younger.signNo(), CASHIER, "2101")));
    }

    /**
     * The first sign-in after an upgrade may find years of such rows: it deletes the oldest
     * {@link SignInSessions#DELETED_PER_SIGN_IN} in its transaction, not all of them while
     * settlements wait for the write lock; each sign-in after deletes the next ones.
     */
    @Test void aSignInDeletesABoundedNumberOfTheOldestExpiredRows() throws Exception {
        int backlog = SignInSessions.DELETED_PER_SIGN_IN + 30;
        try (java.sql.PreparedStatement insert = database.connection().prepareStatement("""
                INSERT INTO operator_session(sign_no_sha256, opter_no, mac, ip, signed_in_at, expires_at)
                VALUES (?, ?, '', '', ?, ?)""")) {
            for (int i = 0; i < backlog; i++) {
                insert.setString(1, "old-" + i);
                insert.setString(2, CASHIER);
                insert.setLong(3, OperatorFixtures.START.toEpochMilli() + i);
                insert.setLong(4, OperatorFixtures.START.plus(TTL).toEpochMilli() + i);
                insert.executeUpdate();
            }
        }
        clock.advance(TTL.plus(SignInSessions.KEPT_AFTER_EXPIRY).plusDays(1));
        signIn(ADMIN, ADMIN_PASSWORD);
        assertEquals(backlog - SignInSessions.DELETED_PER_SIGN_IN + 1, sessionRows(), "the oldest went, a bounded number");
        assertEquals(0, rowsNamed("old-0"), "the oldest first");
        assertEquals(1, rowsNamed("old-" + (backlog - 1)));
        signIn(ADMIN, ADMIN_PASSWORD);
        assertEquals(2, sessionRows(), "the next sign-in deleted the rest");
    }

    private int rowsNamed(String key) throws Exception {
        try (java.sql.PreparedStatement select = database.connection().prepareStatement(
                "SELECT count(*) FROM operator_session WHERE sign_no_sha256 = ?")) {
            select.setString(1, key);
            try (ResultSet count = select.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    private int sessionRows() throws Exception {
        try (Statement statement = database.connection().createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM operator_session")) {
            count.next();
            return count.getInt(1);
        }
    }

    @Test void sessionsSurviveAReopenOfTheDatabase() throws Exception {
        SignIn cashier = signIn(CASHIER, CASHIER_PASSWORD);
        database.close();
        database = OperatorFixtures.database(dir);
        SignInSessions reopened = new SignInSessions(OperatorFixtures.open(database, clock), TTL);
        done(reopened.authorise(cashier.signNo(), CASHIER, "2102"));
    }
}
