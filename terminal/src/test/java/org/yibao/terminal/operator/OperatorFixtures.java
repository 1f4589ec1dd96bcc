package org.yibao.terminal.operator;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.yibao.outbox.db.SqliteDatabase;

/** Operators in a real SQLite file: an admin A001 past the first change, a cashier C001, a technician T001. */
public final class OperatorFixtures {
    public static final String ADMIN = "A001";
    public static final String ADMIN_INITIAL = "Initial-0001";
    public static final String ADMIN_PASSWORD = "Admin-2026!";
    public static final String CASHIER = "C001";
    public static final String CASHIER_PASSWORD = "Cashier-2026";
    public static final String TECHNICIAN = "T001";
    public static final String TECHNICIAN_PASSWORD = "Techn-2026";
    public static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    /** One hasher for all tests: its constructor hashes a decoy, which costs a PBKDF2 round. */
    public static final PasswordHasher HASHER = new PasswordHasher();

    private OperatorFixtures() {
    }

    public static Operators open(SqliteDatabase database, HandClock clock) throws SQLException {
        return Operators.open(database, HASHER, LockoutPolicy.DEFAULT, clock);
    }

    public static SqliteDatabase database(Path dir) {
        return SqliteDatabase.open(dir.resolve("terminal.db"));
    }

    /** Adds the three operators to an empty database. */
    public static void seed(Operators operators) throws SQLException {
        done(operators.addFirstAdmin(new NewOperator(ADMIN, "王小明", Role.ADMIN, true), ADMIN_INITIAL.toCharArray()));
        done(operators.changePassword(new Credentials(ADMIN, ADMIN_INITIAL.toCharArray()), ADMIN_PASSWORD.toCharArray()));
        Credentials admin = new Credentials(ADMIN, ADMIN_PASSWORD.toCharArray());
        done(operators.add(admin, new NewOperator(CASHIER, "张三丰", Role.CASHIER, false), CASHIER_PASSWORD.toCharArray()));
        done(operators.add(admin, new NewOperator(TECHNICIAN, "李四", Role.TECHNICIAN, false), TECHNICIAN_PASSWORD.toCharArray()));
    }

    public static <T> T done(OperatorOutcome<T> outcome) {
        if (outcome instanceof OperatorOutcome.Done<T>(T value)) return value;
        throw new AssertionError("expected success, got " + outcome);
    }

    public static String code(OperatorOutcome<?> outcome) {
        if (outcome instanceof OperatorOutcome.Refused<?> refused) return refused.refusal().reason().code();
        throw new AssertionError("expected a refusal, got " + outcome);
    }
}
