package org.yibao.terminal.operator;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;

/**
 * The terminal's local operators: adding, disabling, changing passwords, and the password check
 * that sign-in uses. Promises: the first operator of a terminal must be an admin and is created
 * with must-change-password set; every later change needs an admin who has changed that first
 * password; nobody can disable the last enabled admin; a password change or a disable ends the
 * operator's open sign-in sessions; every refusal is an {@link OperatorOutcome.Refused} with a
 * 16xx code and nothing written (except the failure count of a wrong password).
 */
public final class Operators {
    private final OperatorStore store;
    private final PasswordCheck check;
    private final PasswordHasher hasher;
    private final Clock clock;

    private Operators(OperatorStore store, PasswordHasher hasher, LockoutPolicy lockout, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.check = new PasswordCheck(store, hasher, lockout, clock);
    }

    /** The operators in {@code database}, creating the tables when missing. */
    public static Operators open(SqliteDatabase database, PasswordHasher hasher, LockoutPolicy lockout, Clock clock)
            throws SQLException {
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(clock, "clock");
        return new Operators(new OperatorStore(database), hasher, lockout, clock);
    }

    /**
     * The operators of a database opened read-only ({@link SqliteDatabase#openReadOnly}), by
     * number, creating nothing; none when it has no operator table yet. No hashes.
     */
    public static List<Operator> listExisting(SqliteDatabase database) throws SQLException {
        return database.hasTable("operator") ? OperatorStore.existing(database).list() : List.of();
    }

    SqliteDatabase database() {
        return store.database();
    }

    Clock clock() {
        return clock;
    }

    /** All operators by number; no hashes. */
    public List<Operator> list() throws SQLException {
        return store.list();
    }

    /** The operator numbered {@code opterNo}. */
    public Optional<Operator> find(String opterNo) throws SQLException {
        return store.find(opterNo);
    }

    /** Whether the terminal has no operator yet (only {@link #addFirstAdmin} works then). */
    public boolean isEmpty() throws SQLException {
        return store.database().read(store::count) == 0;
    }

    /**
     * Adds the terminal's first operator, an admin who must change this initial password before
     * doing anything else. Refused when any operator exists.
     */
    public OperatorOutcome<Operator> addFirstAdmin(NewOperator first, char[] password) throws SQLException {
        if (first.role() != Role.ADMIN) return OperatorOutcome.refused(OperatorReason.FIRST_MUST_BE_ADMIN);
        Optional<Refusal> problem = first.problem().or(() -> PasswordRules.check(first.opterNo(), password));
        if (problem.isPresent()) return new OperatorOutcome.Refused<>(problem.get());
        return insertFirst(first, hasher.hash(password), true);
    }

    /**
     * Adds the terminal's first operator, an admin, with a hash made beforehand: for a data
     * folder built around a password everyone knows (the demo's, documented in the README), where
     * deriving it again at every start would only cost seconds of CPU. The operator's own
     * must-change flag applies. Refused when any operator exists, or when {@code prepared} was
     * made with fewer iterations than this terminal's hasher uses.
     */
    public OperatorOutcome<Operator> addFirstAdmin(NewOperator first, PasswordHash prepared) throws SQLException {
        if (first.role() != Role.ADMIN) return OperatorOutcome.refused(OperatorReason.FIRST_MUST_BE_ADMIN);
        if (first.problem().isPresent()) return new OperatorOutcome.Refused<>(first.problem().get());
        if (hasher.needsRehash(prepared)) {
            throw new IllegalArgumentException("a prepared hash needs at least " + hasher.iterations() + " iterations");
        }
        return insertFirst(first, prepared, first.mustChangePassword());
    }

    private OperatorOutcome<Operator> insertFirst(NewOperator first, PasswordHash hash, boolean mustChange) throws SQLException {
        Instant now = clock.instant();
        return store.database().inTransaction(connection -> {
            if (store.count(connection) > 0) {
                return OperatorOutcome.refused(OperatorReason.NOT_ADMIN, "本机已有操作员，须由管理员添加");
            }
            store.insert(connection, first.opterNo(), first.name(), Role.ADMIN, hash, mustChange, now);
            return new OperatorOutcome.Done<>(store.find(connection, first.opterNo()).orElseThrow());
        });
    }

    /** Adds an operator; {@code admin} must be an enabled admin who is not bound to change their password. */
    public OperatorOutcome<Operator> add(Credentials admin, NewOperator added, char[] password) throws SQLException {
        Optional<Refusal> problem = added.problem().or(() -> PasswordRules.check(added.opterNo(), password));
        if (problem.isPresent()) return new OperatorOutcome.Refused<>(problem.get());
        return switch (actingAdmin(admin)) {
            case OperatorOutcome.Refused<Operator>(Refusal refusal) -> new OperatorOutcome.Refused<>(refusal);
            case OperatorOutcome.Done<Operator> ignored -> insert(added, hasher.hash(password));
        };
    }

    private OperatorOutcome<Operator> insert(NewOperator added, PasswordHash hash) throws SQLException {
        Instant now = clock.instant();
        return store.database().inTransaction(connection -> {
            if (store.find(connection, added.opterNo()).isPresent()) {
                return OperatorOutcome.refused(OperatorReason.OPERATOR_EXISTS, added.opterNo());
            }
            store.insert(connection, added.opterNo(), added.name(), added.role(), hash, added.mustChangePassword(), now);
            return new OperatorOutcome.Done<>(store.find(connection, added.opterNo()).orElseThrow());
        });
    }

    /**
     * The operator's own password change (the way out of must-change-password): the current
     * password is checked under the lockout policy; the new one must pass {@link PasswordRules}
     * and differ from the current one.
     */
    public OperatorOutcome<Operator> changePassword(Credentials self, char[] newPassword) throws SQLException {
        OperatorOutcome<PasswordCheck.Verified> verified = check.verify(self.opterNo(), self.password());
        if (verified instanceof OperatorOutcome.Refused<PasswordCheck.Verified>(var refusal)) return new OperatorOutcome.Refused<>(refusal);
        if (((OperatorOutcome.Done<PasswordCheck.Verified>) verified).value().operator().disabled()) {
            return OperatorOutcome.refused(OperatorReason.DISABLED);
        }
        Optional<Refusal> problem = PasswordRules.check(self.opterNo(), newPassword);
        if (problem.isPresent()) return new OperatorOutcome.Refused<>(problem.get());
        if (Arrays.equals(self.password(), newPassword)) return OperatorOutcome.refused(OperatorReason.SAME_PASSWORD);
        return setPassword(self.opterNo(), newPassword, false);
    }

    /** An admin sets another operator's password (forgotten password); also lifts a lock. */
    public OperatorOutcome<Operator> resetPassword(Credentials admin, String opterNo, char[] newPassword, boolean mustChange)
            throws SQLException {
        Optional<Refusal> problem = PasswordRules.check(opterNo, newPassword);
        if (problem.isPresent()) return new OperatorOutcome.Refused<>(problem.get());
        if (actingAdmin(admin) instanceof OperatorOutcome.Refused<Operator> refused) return refused;
        if (store.find(opterNo).isEmpty()) return OperatorOutcome.refused(OperatorReason.NO_SUCH_OPERATOR, opterNo);
        return setPassword(opterNo, newPassword, mustChange);
    }

    private OperatorOutcome<Operator> setPassword(String opterNo, char[] newPassword, boolean mustChange) throws SQLException {
        PasswordHash hash = hasher.hash(newPassword);
        Instant now = clock.instant();
        return store.database().inTransaction(connection -> {
            store.setPassword(connection, opterNo, hash, mustChange, now);
            SessionStore.endAll(connection, opterNo, now);
            return new OperatorOutcome.Done<>(store.find(connection, opterNo).orElseThrow());
        });
    }

    /** An admin disables an operator and ends their sessions; never the last enabled admin. */
    public OperatorOutcome<Operator> disable(Credentials admin, String opterNo) throws SQLException {
        if (actingAdmin(admin) instanceof OperatorOutcome.Refused<Operator> refused) return refused;
        Instant now = clock.instant();
        return store.database().inTransaction(connection -> {
            Optional<Operator> target = store.find(connection, opterNo);
            if (target.isEmpty()) return OperatorOutcome.refused(OperatorReason.NO_SUCH_OPERATOR, opterNo);
            if (target.get().disabled()) return OperatorOutcome.refused(OperatorReason.ALREADY_DISABLED, opterNo);
            if (target.get().role() == Role.ADMIN && store.activeAdmins(connection) <= 1) {
                return OperatorOutcome.refused(OperatorReason.LAST_ADMIN);
            }
            store.disable(connection, opterNo);
            SessionStore.endAll(connection, opterNo, now);
            return new OperatorOutcome.Done<>(store.find(connection, opterNo).orElseThrow());
        });
    }

    /**
     * The check sign-in (9001) makes: right password (under lockout), not disabled, and not
     * bound to change the password first.
     */
    public OperatorOutcome<Operator> checkSignIn(String opterNo, char[] password) throws SQLException {
        return switch (checkSignInVerified(opterNo, password)) {
            case OperatorOutcome.Done<PasswordCheck.Verified>(var verified) -> new OperatorOutcome.Done<>(verified.operator());
            case OperatorOutcome.Refused<PasswordCheck.Verified>(var refusal) -> new OperatorOutcome.Refused<>(refusal);
        };
    }

    /** As {@link #checkSignIn}, with the stored hash the password matched (a session opened on it checks it still stands). */
    OperatorOutcome<PasswordCheck.Verified> checkSignInVerified(String opterNo, char[] password) throws SQLException {
        OperatorOutcome<PasswordCheck.Verified> verified = check.verify(opterNo, password);
        if (!(verified instanceof OperatorOutcome.Done<PasswordCheck.Verified>(var v))) return verified;
        if (v.operator().disabled()) return OperatorOutcome.refused(OperatorReason.DISABLED);
        if (v.operator().mustChangePassword()) return OperatorOutcome.refused(OperatorReason.MUST_CHANGE_PASSWORD);
        return verified;
    }

    /**
     * Why a sign-in checked against {@code verified} may no longer open a session, read in the
     * session's own transaction: the operator disabled, or the password changed or reset since the
     * check (the change ended the sessions there were then, and this one did not exist yet).
     */
    Optional<OperatorReason> changedSince(Connection connection, String opterNo, PasswordHash verified) throws SQLException {
        if (store.find(connection, opterNo).map(Operator::disabled).orElse(true)) return Optional.of(OperatorReason.DISABLED);
        if (!store.passwordHash(connection, opterNo).equals(Optional.of(verified))) return Optional.of(OperatorReason.BAD_CREDENTIALS);
        return Optional.empty();
    }

    private OperatorOutcome<Operator> actingAdmin(Credentials admin) throws SQLException {
        OperatorOutcome<Operator> signedIn = checkSignIn(admin.opterNo(), admin.password());
        if (signedIn instanceof OperatorOutcome.Done<Operator>(Operator operator) && operator.role() != Role.ADMIN) {
            return OperatorOutcome.refused(OperatorReason.NOT_ADMIN, admin.opterNo());
        }
        return signedIn;
    }
}
