package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.code;
import static org.yibao.terminal.operator.OperatorFixtures.done;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The operators' settings and refusals at their edges: a lock of one failure and one minute ends
 * at its exact millisecond, the settings refuse what cannot work, and an admin's reset refuses
 * before it writes.
 */
class OperatorEdgesTest {

    private static String detail(OperatorOutcome<?> outcome) {
        return ((OperatorOutcome.Refused<?>) outcome).refusal().detail();
    }

    @Test
    void aLockEndsAtItsExactMillisecondAndTheMessageNeverSaysLess(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(OperatorFixtures.START);
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            OperatorFixtures.seed(OperatorFixtures.open(database, clock));
            Operators strict = Operators.open(database, OperatorFixtures.HASHER, new LockoutPolicy(1, Duration.ofMinutes(1)), clock);
            OperatorOutcome<Operator> first = strict.checkSignIn(CASHIER, "wrong-pass-1".toCharArray());
            assertEquals("1602", code(first), "one failure allowed: the first locks");
            assertEquals("请 1 分钟后再试", detail(first));
            assertEquals(OperatorFixtures.START.plus(Duration.ofMinutes(1)), strict.find(CASHIER).orElseThrow().lockedUntil().orElseThrow());
            clock.advance(Duration.ofSeconds(59).plusMillis(999));
            OperatorOutcome<Operator> last = strict.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray());
            assertEquals("1602", code(last), "one millisecond left");
            assertEquals("请 1 分钟后再试", detail(last));
            clock.advance(Duration.ofMillis(1));
            done(strict.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));

            Operators twoMinutes = Operators.open(database, OperatorFixtures.HASHER, new LockoutPolicy(1, Duration.ofMinutes(2)), clock);
            assertEquals("请 2 分钟后再试", detail(twoMinutes.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())));
            clock.advance(Duration.ofMinutes(1));
            assertEquals("请 1 分钟后再试", detail(twoMinutes.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())),
                    "a wrong password while locked is not checked and does not lengthen the lock");
            clock.advance(Duration.ofMillis(1));
            assertEquals("请 1 分钟后再试", detail(twoMinutes.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())));
        }
    }

    @Test
    void settingsThatCannotWorkAreRefused(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(0, Duration.ofMinutes(15)));
        assertEquals(1, new LockoutPolicy(1, Duration.ofMillis(1)).maxFailures());
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(5, Duration.ofMinutes(-1)));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(PasswordHasher.MIN_ITERATIONS - 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHash(0, new byte[16], new byte[32]));
        assertEquals(1, new PasswordHash(1, new byte[16], new byte[32]).iterations());
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.decode("pbkdf2-sha256$1$AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.decode("pbkdf2-sha256$1$AAAA$AAAA$AAAA"));
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            Operators operators = OperatorFixtures.open(database, new HandClock(OperatorFixtures.START));
            assertThrows(IllegalArgumentException.class, () -> new SignInSessions(operators, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> new SignInSessions(operators, Duration.ofHours(-8)));
            new SignInSessions(operators, Duration.ofMillis(1));
        }
    }

    @Test
    void anAdminsResetRefusesBeforeItWritesAndMayBindTheOperatorToChange(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(OperatorFixtures.START);
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            Operators operators = OperatorFixtures.open(database, clock);
            OperatorFixtures.seed(operators);
            Credentials admin = new Credentials(ADMIN, ADMIN_PASSWORD.toCharArray());
            Credentials cashier = new Credentials(CASHIER, CASHIER_PASSWORD.toCharArray());
            assertEquals("1610", code(operators.resetPassword(admin, CASHIER, "short".toCharArray(), false)));
            assertEquals("1615", code(operators.resetPassword(cashier, ADMIN, "Fresh-Pass-9".toCharArray(), false)));
            assertEquals("1601", code(operators.resetPassword(new Credentials(ADMIN, "wrong-pass-1".toCharArray()), CASHIER,
                    "Fresh-Pass-9".toCharArray(), false)));
            assertEquals("1618", code(operators.resetPassword(admin, "NOBODY", "Fresh-Pass-9".toCharArray(), false)));
            done(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));

            done(operators.resetPassword(admin, CASHIER, "Fresh-Pass-9".toCharArray(), true));
            assertEquals("1604", code(operators.checkSignIn(CASHIER, "Fresh-Pass-9".toCharArray())), "bound to change it");
            assertEquals("1601", code(operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())), "no disclosure without it");
            done(operators.changePassword(new Credentials(CASHIER, "Fresh-Pass-9".toCharArray()), "Own-Pass-10".toCharArray()));
            done(operators.checkSignIn(CASHIER, "Own-Pass-10".toCharArray()));

            done(operators.disable(admin, CASHIER));
            assertEquals("1603", code(operators.changePassword(new Credentials(CASHIER, "Own-Pass-10".toCharArray()),
                    "Other-Pass-11".toCharArray())), "a disabled operator changes nothing");
            assertEquals("1601", code(operators.changePassword(new Credentials(CASHIER, "wrong-pass-1".toCharArray()),
                    "Other-Pass-11".toCharArray())));
        }
    }

    @Test
    void theFirstAdminsFieldsAreCheckedAndAnEmptyTerminalSaysSo(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(OperatorFixtures.START);
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            assertEquals(java.util.List.of(), Operators.listExisting(database), "no operator table yet: none, and none created");
            assertEquals(false, database.hasTable("operator"));
            Operators operators = OperatorFixtures.open(database, clock);
            assertEquals(true, operators.isEmpty());
            assertEquals("1613", code(operators.addFirstAdmin(new NewOperator("A 1", "王小明", Role.ADMIN, true),
                    OperatorFixtures.ADMIN_INITIAL.toCharArray())));
            assertEquals("1610", code(operators.addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, true),
                    "onlyletters".toCharArray())));
            PasswordHash prepared = OperatorFixtures.HASHER.hash(ADMIN_PASSWORD.toCharArray());
            assertEquals("1614", code(operators.addFirstAdmin(new NewOperator(ADMIN, " ", Role.ADMIN, false), prepared)));
            IllegalArgumentException weak = assertThrows(IllegalArgumentException.class, () -> operators.addFirstAdmin(
                    new NewOperator(ADMIN, "王小明", Role.ADMIN, false), new PasswordHash(1_000, new byte[16], new byte[32])));
            assertEquals("a prepared hash needs at least 310000 iterations", weak.getMessage());
            assertEquals(true, operators.isEmpty(), "nothing written");
            OperatorFixtures.seed(operators);
            assertEquals(false, operators.isEmpty());
            assertEquals(java.util.List.of(ADMIN, CASHIER, OperatorFixtures.TECHNICIAN),
                    Operators.listExisting(database).stream().map(Operator::opterNo).toList());
        }
    }

    @Test
    void anAdminMayBeDisabledWhileAnotherStaysAndASessionOfAnOperatorDisabledElsewhereIsRefused(@TempDir Path dir)
            throws Exception {
        HandClock clock = new HandClock(OperatorFixtures.START);
        try (SqliteDatabase database = OperatorFixtures.database(dir)) {
            Operators operators = OperatorFixtures.open(database, clock);
            OperatorFixtures.seed(operators);
            Credentials admin = new Credentials(ADMIN, ADMIN_PASSWORD.toCharArray());
            done(operators.add(admin, new NewOperator("A002", "赵六", Role.ADMIN, false), "Second-Admin-1".toCharArray()));
            done(operators.disable(new Credentials("A002", "Second-Admin-1".toCharArray()), ADMIN));
            assertEquals("1617", code(operators.disable(new Credentials("A002", "Second-Admin-1".toCharArray()), "A002")));

            SignInSessions sessions = new SignInSessions(operators, Duration.ofHours(8));
            SignIn cashier = done(sessions.signIn(CASHIER, CASHIER_PASSWORD.toCharArray(), "", "", (c, s) -> s));
            // disabled by a terminal that did not end the sessions (an older version, a hand edit): still refused
            try (var s = database.connection().createStatement()) {
                s.executeUpdate("UPDATE operator SET disabled = 1 WHERE opter_no = '" + CASHIER + "'");
            }
            assertEquals("1603", code(sessions.authorise(cashier.signNo(), CASHIER, "2102")));
        }
    }

    @Test
    void theHashersOwnPartsAndANamesLength() {
        char[] password = "Secret-2026".toCharArray();
        PasswordHasher.wipe(password);
        assertEquals(new String(new char[11]), new String(password), "overwritten with zeros");
        PasswordHasher.wipe(null);
        PasswordHasher fresh = new PasswordHasher();
        fresh.verifyDecoy("Secret-2026".toCharArray()); // a decoy of its own, made in the constructor
        assertEquals(PasswordHasher.MIN_ITERATIONS, fresh.iterations());
        PasswordHash hash = new PasswordHash(310_000, new byte[] {1, 2}, new byte[] {3, 4});
        assertEquals("pbkdf2-sha256$310000$(salt)$(hash)", hash.toString());
        assertEquals(hash.hashCode(), new PasswordHash(310_000, new byte[] {1, 2}, new byte[] {3, 4}).hashCode());
        java.util.Set<Integer> codes = new java.util.HashSet<>(java.util.List.of(hash.hashCode(),
                new PasswordHash(310_001, new byte[] {1, 2}, new byte[] {3, 4}).hashCode(),
                new PasswordHash(310_000, new byte[] {1, 3}, new byte[] {3, 4}).hashCode(),
                new PasswordHash(310_000, new byte[] {1, 2}, new byte[] {3, 5}).hashCode()));
        assertEquals(4, codes.size(), "iterations, salt and hash each count");
        assertEquals(java.util.Optional.empty(), new NewOperator("C002", "名".repeat(50), Role.CASHIER, false).problem());
        assertEquals("1614", new NewOperator("C002", "名".repeat(51), Role.CASHIER, false).problem().orElseThrow().reason().code());
    }

    /** What may reach a log: the operator's number and times, never the password or the sign_no. */
    @Test
    void secretsStayOutOfTextsAndRefusalsCarryTheirChineseMessage() {
        assertEquals("Credentials[C001, (password)]", new Credentials(CASHIER, CASHIER_PASSWORD.toCharArray()).toString());
        Operator cashier = new Operator(CASHIER, "张三丰", Role.CASHIER, false, false, 0, java.util.Optional.empty(),
                OperatorFixtures.START);
        assertEquals("SignIn[C001, 2026-03-02T01:00:00Z - 2026-03-02T09:00:00Z]", new SignIn("0123456789abcdef0123456789abcdef",
                cashier, OperatorFixtures.START, OperatorFixtures.START.plus(Duration.ofHours(8))).toString());
        assertEquals("工号或密码错误", OperatorReason.BAD_CREDENTIALS.message());
        assertEquals("密码错误次数过多，账户已临时锁定", OperatorReason.LOCKED.message());
    }
}
