package org.yibao.terminal.operator;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.operator.SessionStore.StoredSession;

/**
 * Sign-in (9001) and sign-out (9002) sessions and the check every other request passes.
 * Promises: a sign_no is 128 random bits (32 hex characters) from {@link SecureRandom}, stored
 * only as its SHA-256; it authorises its operator's requests from sign-in until sign-out, the
 * configured time to live, a password change or a disable, whichever comes first (a clock set back
 * to before the sign-in by more than {@link #CLOCK_SET_BACK_TOLERANCE} ends it too, so a jump back
 * never stretches it); a request is
 * authorised only when its sign_no is live, its {@code opter} is the signed-in operator, that
 * operator is still enabled, and their {@link Role} allows the infno.
 */
public final class SignInSessions {
    /**
     * How far the clock may read before a session's sign-in and the session still stand: an
     * ordinary network-time correction (the clock guard's 1376 allows as much).
     */
    static final Duration CLOCK_SET_BACK_TOLERANCE = Duration.ofMinutes(5);
    /**
     * How long a session's row stays after it expired (who signed in when, from which MAC and IP,
     * for a manager's question); a sign-in deletes older ones, so a host that signs in before every
     * transaction does not grow the table for good.
     */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(90);
    /** How many such rows one sign-in deletes at most: more than one, so a backlog of them shrinks. */
    static final int DELETED_PER_SIGN_IN = 100;

    private final Operators operators;
    private final Duration timeToLive;
    private final SecureRandom random = new SecureRandom();

    /** Sessions of {@code operators} lasting {@code timeToLive} from sign-in. */
    public SignInSessions(Operators operators, Duration timeToLive) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative() || timeToLive.isZero()) throw new IllegalArgumentException("timeToLive must be positive");
    }

    /**
     * 9001: checks the password (see {@link Operators#checkSignIn}), opens a session, and runs
     * {@code alsoInTransaction} in the transaction that stores it.
     */
    public <T> OperatorOutcome<T> signIn(String opterNo, char[] password, String mac, String ip,
                                         SessionWork<SignIn, T> alsoInTransaction) throws SQLException {
        OperatorOutcome<PasswordCheck.Verified> checked = operators.checkSignInVerified(opterNo, password);
        if (checked instanceof OperatorOutcome.Refused<PasswordCheck.Verified>(var refusal)) return new OperatorOutcome.Refused<>(refusal);
        PasswordCheck.Verified verified = ((OperatorOutcome.Done<PasswordCheck.Verified>) checked).value();
        Instant now = operators.clock().instant();
        SignIn signIn = new SignIn(newSignNo(), verified.operator(), now, now.plus(timeToLive));
        return operators.database().inTransaction(connection -> {
            Optional<OperatorReason> changed = operators.changedSince(connection, opterNo, verified.hash());
            if (changed.isPresent()) return OperatorOutcome.refused(changed.get());
            SessionStore.deleteExpiredBefore(connection, now.minus(KEPT_AFTER_EXPIRY), DELETED_PER_SIGN_IN);
            SessionStore.insert(connection, signIn.signNo(), opterNo, mac, ip, now, signIn.expiresAt());
            return new OperatorOutcome.Done<>(alsoInTransaction.run(connection, signIn));
        });
    }

    /**
     * 9002: ends the session {@code signNo} of {@code opterNo} and runs {@code alsoInTransaction}
     * (given the sign-out time) in the same transaction. A session already ended is refused.
     */
    public <T> OperatorOutcome<T> signOut(String signNo, String opterNo, SessionWork<Instant, T> alsoInTransaction)
            throws SQLException {
        Instant now = operators.clock().instant();
        return operators.database().inTransaction(connection -> {
            Optional<StoredSession> session = SessionStore.find(connection, signNo);
            if (session.isEmpty()) return OperatorOutcome.refused(OperatorReason.NOT_SIGNED_IN);
            if (!session.get().opterNo().equals(opterNo)) return OperatorOutcome.refused(OperatorReason.OPERATOR_MISMATCH);
            if (!SessionStore.end(connection, signNo, now)) return OperatorOutcome.refused(OperatorReason.SIGNED_OUT);
            return new OperatorOutcome.Done<>(alsoInTransaction.run(connection, now));
        });
    }

    /** Whether {@code opter}, signed in as {@code signNo}, may run {@code infno} now. */
    public OperatorOutcome<Authorised> authorise(String signNo, String opter, String infno) throws SQLException {
        if (signNo.isEmpty()) return OperatorOutcome.refused(OperatorReason.NOT_SIGNED_IN, "sign_no 为空");
        Instant now = operators.clock().instant();
        Optional<StoredSession> session = operators.database().read(connection -> SessionStore.find(connection, signNo));
        if (session.isEmpty()) return OperatorOutcome.refused(OperatorReason.NOT_SIGNED_IN);
        StoredSession live = session.get();
        if (live.signedOutAt().isPresent()) return OperatorOutcome.refused(OperatorReason.SIGNED_OUT);
        if (!now.isBefore(live.expiresAt())) return OperatorOutcome.refused(OperatorReason.SESSION_EXPIRED);
        if (clockSetBackSince(live, now)) return OperatorOutcome.refused(OperatorReason.SESSION_EXPIRED, "本机时钟早于签到时间");
        if (!live.opterNo().equals(opter)) return OperatorOutcome.refused(OperatorReason.OPERATOR_MISMATCH, "opter");
        Optional<Operator> operator = operators.find(opter);
        if (operator.isEmpty() || operator.get().disabled()) return OperatorOutcome.refused(OperatorReason.DISABLED);
        if (!operator.get().role().allows(infno)) {
            return OperatorOutcome.refused(OperatorReason.ROLE_FORBIDS, operator.get().role().code() + " 不能办理 " + infno);
        }
        return new OperatorOutcome.Done<>(new Authorised(operator.get()));
    }

    /**
     * Whether the clock now reads earlier than the sign-in by more than {@link #CLOCK_SET_BACK_TOLERANCE}:
     * the clock was set back (it had run ahead), so how long the session has lasted cannot be told,
     * and keeping it would stretch its time to live by the whole jump.
     */
    private static boolean clockSetBackSince(StoredSession session, Instant now) {
        return now.isBefore(session.signedInAt().minus(CLOCK_SET_BACK_TOLERANCE));
    }

    private String newSignNo() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
