package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN_INITIAL;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.code;
import static org.yibao.terminal.operator.OperatorFixtures.done;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.devices.HeapUse;

class OperatorsTest {
    @TempDir Path dir;
    private SqliteDatabase database;
    private HandClock clock;
    private Operators operators;

    @BeforeEach void open() throws Exception {
        database = OperatorFixtures.database(dir);
        clock = new HandClock(OperatorFixtures.START);
        operators = OperatorFixtures.open(database, clock);
    }

    @AfterEach void close() {
        database.close();
    }

    private Credentials admin() {
        return new Credentials(ADMIN, ADMIN_PASSWORD.toCharArray());
    }

    @Test void theFirstOperatorMustBeAnAdminBoundToChangeThePassword() throws Exception {
        assertTrue(operators.isEmpty());
        assertEquals("1616", code(operators.addFirstAdmin(new NewOperator("C9", "张三", Role.CASHIER, false), "Passw0rd-1".toCharArray())));
        Operator first = done(operators.addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, false), ADMIN_INITIAL.toCharArray()));
        assertTrue(first.mustChangePassword(), "the first admin must change the initial password whatever was asked");
        assertEquals("1604", code(operators.checkSignIn(ADMIN, ADMIN_INITIAL.toCharArray())));
        assertEquals("1615", code(operators.addFirstAdmin(new NewOperator("A2", "赵六", Role.ADMIN, true), "Passw0rd-1".toCharArray())));
        assertEquals(1, operators.list().size(), "no second first admin");
    }

    @Test void aFirstAdminWithAPreparedHashKeepsItsOwnMustChangeFlagAndOnlyOnAnEmptyTerminal() throws Exception {
        PasswordHash prepared = new PasswordHasher().hash(ADMIN_PASSWORD.toCharArray());
        assertEquals("1616", code(operators.addFirstAdmin(new NewOperator("C9", "张三", Role.CASHIER, false), prepared)));
        Operator first = done(operators.addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, false), prepared));
        assertFalse(first.mustChangePassword(), "the prepared password stands, as asked");
        done(operators.checkSignIn(ADMIN, ADMIN_PASSWORD.toCharArray()));
        assertEquals("1601", code(operators.checkSignIn(ADMIN, ADMIN_INITIAL.toCharArray())));
        assertEquals("1615", code(operators.addFirstAdmin(new NewOperator("A2", "赵六", Role.ADMIN, false), prepared)));
        assertEquals(1, operators.list().size(), "no second first admin");
    }

    @Test void aPreparedHashWeakerThanTheTerminalsIsNotTaken() throws Exception {
        PasswordHash weak = new PasswordHash(1_000, new byte[16], new byte[32]);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> operators.addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, false), weak));
        assertTrue(operators.isEmpty());
    }

    @Test void nothingElseWorksUntilTheFirstPasswordIsChanged() throws Exception {
        done(operators.addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, true), ADMIN_INITIAL.toCharArray()));
        Credentials initial = new Credentials(ADMIN, ADMIN_INITIAL.toCharArray());
        NewOperator cashier = new NewOperator(CASHIER, "张三丰", Role.CASHIER, false);
        assertEquals("1604", code(operators.add(initial, cashier, CASHIER_PASSWORD.toCharArray())));
        assertEquals("1604", code(operators.disable(initial, ADMIN)));
        assertEquals("1611", code(operators.changePassword(initial, ADMIN_INITIAL.toCharArray())));
        assertEquals("1610", code(operators.changePassword(initial, "short".toCharArray())));
        done(operators.changePassword(initial, ADMIN_PASSWORD.toCharArray()));
        assertFalse(operators.find(ADMIN).orElseThrow().mustChangePassword());
        assertEquals("1601", code(operators.checkSignIn(ADMIN, ADMIN_INITIAL.toCharArray())), "the old password is gone");
        done(operators.checkSignIn(ADMIN, ADMIN_PASSWORD.toCharArray()));
        done(operators.add(admin(), cashier, CASHIER_PASSWORD.toCharArray()));
        assertEquals("1612", code(operators.add(admin(), cashier, CASHIER_PASSWORD.toCharArray())));
    }

    @Test void fiveWrongPasswordsLockForFifteenMinutesOnTheHandDrivenClock() throws Exception {
        OperatorFixtures.seed(operators);
        for (int i = 1; i <= 4; i++) {
            assertEquals("1601", code(operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())), "failure " + i);
            assertEquals(i, operators.find(CASHIER).orElseThrow().failedAttempts());
        }
        OperatorOutcome<Operator> fifth = operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray());
        assertEquals("1602", code(fifth));
        assertTrue(((OperatorOutcome.Refused<Operator>) fifth).refusal().errMsg().contains("15 分钟"));
        assertEquals("1602", code(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray())), "locked even with the right password");
        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertEquals("1602", code(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray())));
        clock.advance(Duration.ofSeconds(1));
        done(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));
        Operator after = operators.find(CASHIER).orElseThrow();
        assertEquals(0, after.failedAttempts());
        assertTrue(after.lockedUntil().isEmpty());
    }

    @Test void theLockMessageCountsAnyPartOfAMinuteLeftAsAMinute() throws Exception {
        OperatorFixtures.seed(operators);
        for (int i = 1; i <= 5; i++) operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray());
        clock.advance(Duration.ofMinutes(5).plusSeconds(59).plusMillis(500));
        OperatorOutcome<Operator> locked = operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray());
        assertEquals("1602", code(locked));
        assertTrue(((OperatorOutcome.Refused<Operator>) locked).refusal().errMsg().endsWith("请 10 分钟后再试"),
                "9 minutes and half a second left: " + locked);
        clock.advance(Duration.ofMinutes(9).plusMillis(499));
        locked = operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray());
        assertTrue(((OperatorOutcome.Refused<Operator>) locked).refusal().errMsg().endsWith("请 1 分钟后再试"), locked.toString());
    }

    /**
     * A lock started while the clock ran ahead (a year, by a typo) and was then set right lasted
     * the whole jump too: the operator answered 1602 "请 525615 分钟后再试", and the only admin could
     * not be reset by anyone. A lock never has more than its 15 minutes left.
     */
    @Test void aLockStartedBeforeTheClockWasSetBackEndsFifteenMinutesLaterNotAYearLater() throws Exception {
        OperatorFixtures.seed(operators);
        for (int i = 0; i < 5; i++) operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray());
        for (int i = 0; i < 5; i++) operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray());
        clock.advance(Duration.ofDays(-365));
        OperatorOutcome<Operator> known = operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray());
        assertEquals("1602", code(known));
        assertEquals("请 15 分钟后再试", ((OperatorOutcome.Refused<Operator>) known).refusal().detail());
        assertEquals("请 15 分钟后再试",
                ((OperatorOutcome.Refused<Operator>) operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray())).refusal().detail(),
                "a number that does not exist: the same");
        clock.advance(Duration.ofMinutes(15));
        done(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));
        assertEquals("1601", code(operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray())));
    }

    @Test void aRightPasswordResetsTheCountAndAnAdminResetLiftsALock() throws Exception {
        OperatorFixtures.seed(operators);
        for (int i = 0; i < 4; i++) operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray());
        done(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));
        for (int i = 0; i < 4; i++) {
            assertEquals("1601", code(operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())), "count restarted");
        }
        assertEquals("1602", code(operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())));
        done(operators.resetPassword(admin(), CASHIER, "Fresh-Pass-9".toCharArray(), false));
        done(operators.checkSignIn(CASHIER, "Fresh-Pass-9".toCharArray()));
    }

    @Test void anUnknownOperatorGetsTheSameAnswerAsAWrongPassword() throws Exception {
        OperatorFixtures.seed(operators);
        OperatorOutcome<Operator> unknown = operators.checkSignIn("NOBODY", "whatever-1".toCharArray());
        OperatorOutcome<Operator> wrong = operators.checkSignIn(CASHIER, "whatever-1".toCharArray());
        assertEquals(((OperatorOutcome.Refused<Operator>) unknown).refusal(), ((OperatorOutcome.Refused<Operator>) wrong).refusal());
    }

    /**
     * The lock must not tell which numbers exist (black-box check bbsignin, 2026-12-05): a known
     * number answered 1602 after five wrong passwords and an unknown one 1601 for ever. Both now
     * answer the same sequence, lock for the same time, and open again at the same moment.
     */
    @Test void anUnknownNumberLocksExactlyAsAKnownOneSoTheLockNamesNoOperator() throws Exception {
        OperatorFixtures.seed(operators);
        for (int i = 1; i <= 6; i++) {
            OperatorOutcome<Operator> unknown = operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray());
            OperatorOutcome<Operator> known = operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray());
            assertEquals(((OperatorOutcome.Refused<Operator>) known).refusal(), ((OperatorOutcome.Refused<Operator>) unknown).refusal(),
                    "attempt " + i);
            assertEquals(i < 5 ? "1601" : "1602", code(unknown), "attempt " + i);
        }
        clock.advance(Duration.ofMinutes(15));
        assertEquals("1601", code(operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray())), "the lock ends as a known one's");
        done(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray()));
    }

    /**
     * The numbers that do not exist are remembered to lock them as known ones lock, the last 4096
     * of them; but a 9001 body may be 1 MiB, so a number could be half a megabyte. The service runs
     * in a 64 MB heap and exits on OutOfMemoryError: about a hundred sign-ins under long made-up
     * numbers ended it, again after each restart. What is remembered of a number must not grow
     * with it.
     */
    @Test void longNumbersThatDoNotExistAreNotHeldInMemory() throws Exception {
        OperatorFixtures.seed(operators);
        long before = HeapUse.usedAfterGc();
        int attempts = 24;
        for (int i = 0; i < attempts; i++) {
            String longNumber = (char) ('A' + i) + "N".repeat(499_999);
            assertEquals("1601", code(operators.checkSignIn(longNumber, "wrong-pass-1".toCharArray())));
        }
        long grown = HeapUse.usedAfterGc() - before;
        assertTrue(grown < 2L << 20, "heap retained after " + attempts + " sign-ins under numbers of 500,000 characters: "
                + (grown >> 10) + " KiB; the service's heap is 64 MB (-Xmx64m)");
        assertEquals("1601", code(operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray())), "keeps the operators reachable");
    }

    /**
     * A known operator's wrong password is counted in a committed write, so it waits for an fsync
     * of the database (synchronous=FULL: tens of milliseconds on a box's SD card); an unknown
     * number's was counted in memory and its transaction wrote nothing. Timed, the two answers
     * told which numbers exist, whatever their text said. Both now write the same to the disk.
     */
    @Test void aWrongPasswordWritesTheSameToTheDiskWhetherOrNotTheNumberExists() throws Exception {
        OperatorFixtures.seed(operators);
        Path wal = dir.resolve("terminal.db-wal");
        for (int i = 1; i <= 4; i++) {
            long before = Files.size(wal);
            assertEquals("1601", code(operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())));
            long known = Files.size(wal) - before;
            before = Files.size(wal);
            assertEquals("1601", code(operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray())));
            long unknown = Files.size(wal) - before;
            assertTrue(known > 0, "a known operator's count is written: attempt " + i);
            assertEquals(known, unknown, "bytes written to the -wal by a wrong password, attempt " + i
                    + ": a known number's " + known + ", an unknown one's " + unknown);
        }
    }

    /** Sixteen wrong passwords at once under a number that does not exist: answered as a known operator's (4 × 1601, then 1602). */
    @Test void wrongPasswordsAtOnceUnderAnUnknownNumberCountAsAKnownOperatorsDo() throws Exception {
        OperatorFixtures.seed(operators);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> code(operators.checkSignIn("NOBODY", "wrong-pass-1".toCharArray()))));
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (Future<String> answer : answers) {
                counts.merge(answer.get(2, TimeUnit.MINUTES), 1, Integer::sum);
            }
            assertEquals(Map.of("1601", 4, "1602", 12), counts);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test void aDisabledOperatorCannotSignInAndTheLastAdminCannotBeDisabled() throws Exception {
        OperatorFixtures.seed(operators);
        assertEquals("1617", code(operators.disable(admin(), ADMIN)));
        assertEquals("1615", code(operators.disable(new Credentials(CASHIER, CASHIER_PASSWORD.toCharArray()), ADMIN)));
        assertEquals("1618", code(operators.disable(admin(), "NOBODY")));
        assertTrue(done(operators.disable(admin(), CASHIER)).disabled());
        assertEquals("1619", code(operators.disable(admin(), CASHIER)));
        assertEquals("1603", code(operators.checkSignIn(CASHIER, CASHIER_PASSWORD.toCharArray())));
        assertEquals("1601", code(operators.checkSignIn(CASHIER, "wrong-pass-1".toCharArray())), "no disclosure without the password");
    }

    @Test void onlyAdminsManageOperatorsAndBadFieldsAreRefusedBeforeAnyWrite() throws Exception {
        OperatorFixtures.seed(operators);
        Credentials cashier = new Credentials(CASHIER, CASHIER_PASSWORD.toCharArray());
        assertEquals("1615", code(operators.add(cashier, new NewOperator("C002", "钱七", Role.CASHIER, false), "Passw0rd-1".toCharArray())));
        assertEquals("1613", code(operators.add(admin(), new NewOperator("C 002", "钱七", Role.CASHIER, false), "Passw0rd-1".toCharArray())));
        assertEquals("1614", code(operators.add(admin(), new NewOperator("C002", " ", Role.CASHIER, false), "Passw0rd-1".toCharArray())));
        assertEquals("1610", code(operators.add(admin(), new NewOperator("C002", "钱七", Role.CASHIER, false), "C002".toCharArray())));
        assertEquals("1610", code(operators.add(admin(), new NewOperator("C002", "钱七", Role.CASHIER, false), "onlyletters".toCharArray())));
        assertEquals(3, operators.list().size());
    }

    @Test void theDatabaseHoldsOnlySaltedHashesWithTheirParameters() throws Exception {
        OperatorFixtures.seed(operators);
        try (Statement statement = database.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT password_hash FROM operator")) {
            while (rows.next()) {
                String stored = rows.getString(1);
                assertTrue(stored.startsWith("pbkdf2-sha256$310000$"), stored);
                assertFalse(stored.contains("Cashier") || stored.contains("Admin"), stored);
            }
        }
    }

    @Test void rolesAllowTheDocumentedTransactions() {
        for (String infno : new String[] {"1101", "2101", "2102", "2103", "2201", "2204", "2206", "2207", "2208", "9001", "9002"}) {
            assertTrue(Role.CASHIER.allows(infno), infno);
        }
        assertFalse(Role.CASHIER.allows("3201"));
        assertFalse(Role.CASHIER.allows("term_diag_selftest"));
        assertTrue(Role.ADMIN.allows("3201"));
        assertTrue(Role.TECHNICIAN.allows("9001"));
        assertTrue(Role.TECHNICIAN.allows("term_diag_selftest"));
        assertFalse(Role.TECHNICIAN.allows("2102"));
        assertFalse(Role.TECHNICIAN.allows("1101"));
        assertEquals(Role.TECHNICIAN, Role.ofCode("Technician").orElseThrow());
    }
}
