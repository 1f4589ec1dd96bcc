package org.yibao.terminal.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the issue and the README promise about local operators, lockout, 9001/9002 sessions and
 * roles, as plain state: no database, no hashing. Every action answers the result code the
 * terminal must give ({@link #DONE} for success) and changes the state as the promise says.
 *
 * <p>The promises it is written from: the first operator is an admin bound to change the initial
 * password before anything else works; every later change needs an enabled admin past that change;
 * the last enabled admin cannot be disabled; 5 wrong passwords in a row lock the operator for 15
 * minutes, during which no password is checked (the count starts again after the lock); a right
 * password resets the count; an unknown number is refused like a wrong password, its failures
 * counted and locked alike (the lock names no operator); a sign_no
 * authorises its own operator until 9002, the configured expiry, a password change or a disable;
 * cashier: 1101, 2101-2103, 2201-2208, 9001/9002 and the receipt reprint; technician: 9001/9002
 * and the diagnostics ({@code term_diag*}); admin: everything.
 */
final class OperatorModel {
    static final String DONE = "";

    /** An operator as the model keeps it. */
    static final class Op {
        final Role role;
        String password;
        boolean disabled;
        boolean mustChange;
        int failures;
        Instant lockedUntil;

        Op(Role role, String password, boolean mustChange) {
            this.role = role;
            this.password = password;
            this.mustChange = mustChange;
        }
    }

    /** A session opened by a 9001, known by the sign_no the terminal answered. */
    static final class Session {
        final String opterNo;
        final String signNo;
        final Instant expiresAt;
        boolean ended;

        Session(String opterNo, String signNo, Instant expiresAt) {
            this.opterNo = opterNo;
            this.signNo = signNo;
            this.expiresAt = expiresAt;
        }
    }

    private static final Set<String> CASHIER = Set.of("1101", "2101", "2102", "2103",
            "2201", "2202", "2203", "2204", "2205", "2206", "2207", "2208", "9001", "9002", "term_receipt_reprint");

    private final int maxFailures;
    private final Duration lockFor;
    private final Duration sessionTtl;
    private final Map<String, Op> operators = new LinkedHashMap<>();
    /**
     * Failures and locks of numbers no operator has, kept in the memory of the {@code Operators}
     * that counts them: the service's (9001) and the one the test's CLI steps share.
     */
    private final Map<String, Op> serviceUnknown = new HashMap<>();
    private final Map<String, Op> cliUnknown = new HashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    private final Map<String, Session> bySignNo = new HashMap<>();
    private Instant now;

    OperatorModel(int maxFailures, Duration lockFor, Duration sessionTtl, Instant start) {
        this.maxFailures = maxFailures;
        this.lockFor = lockFor;
        this.sessionTtl = sessionTtl;
        this.now = start;
    }

    Instant now() {
        return now;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    Map<String, Op> operators() {
        return operators;
    }

    List<Session> sessions() {
        return sessions;
    }

    /** Lock ends and session expiries still ahead of the clock (where moving the clock changes an answer). */
    List<Instant> boundaries() {
        List<Instant> ahead = new ArrayList<>();
        for (Op op : operators.values()) {
            if (op.lockedUntil != null && op.lockedUntil.isAfter(now)) ahead.add(op.lockedUntil);
        }
        for (Map<String, Op> unknown : List.of(serviceUnknown, cliUnknown)) {
            for (Op op : unknown.values()) {
                if (op.lockedUntil != null && op.lockedUntil.isAfter(now)) ahead.add(op.lockedUntil);
            }
        }
        for (Session session : sessions) {
            if (!session.ended && session.expiresAt.isAfter(now)) ahead.add(session.expiresAt);
        }
        return ahead;
    }

    /** The operator {@code opterNo}, or the failures of that number as 9001 ({@code service}) or the CLI counts them. */
    Op failuresOf(String opterNo, boolean service) {
        Op op = operators.get(opterNo);
        return op != null ? op : (service ? serviceUnknown : cliUnknown).computeIfAbsent(opterNo, n -> new Op(null, null, false));
    }

    boolean locked(Op op) {
        return op.lockedUntil != null && now.isBefore(op.lockedUntil);
    }

    // --- operator management (the CLI's calls) ---

    String addFirstAdmin(String opterNo, Role role, String password) {
        if (role != Role.ADMIN) return "1616";
        if (weak(opterNo, password)) return "1610";
        if (!operators.isEmpty()) return "1615";
        operators.put(opterNo, new Op(Role.ADMIN, password, true));
        return DONE;
    }

    String add(String admin, String adminPassword, String opterNo, Role role, String password, boolean mustChange) {
        if (weak(opterNo, password)) return "1610";
        String acting = actingAdmin(admin, adminPassword);
        if (!acting.equals(DONE)) return acting;
        if (operators.containsKey(opterNo)) return "1612";
        operators.put(opterNo, new Op(role, password, mustChange));
        return DONE;
    }

    String changeOwn(String opterNo, String current, String next) {
        String verified = verify(opterNo, current, false);
        if (!verified.equals(DONE)) return verified;
        if (operators.get(opterNo).disabled) return "1603";
        if (weak(opterNo, next)) return "1610";
        if (next.equals(current)) return "1611";
        setPassword(opterNo, next, false);
        return DONE;
    }

    String reset(String admin, String adminPassword, String opterNo, String next, boolean mustChange) {
        if (weak(opterNo, next)) return "1610";
        String acting = actingAdmin(admin, adminPassword);
        if (!acting.equals(DONE)) return acting;
        if (!operators.containsKey(opterNo)) return "1618";
        setPassword(opterNo, next, mustChange);
        return DONE;
    }

    String disable(String admin, String adminPassword, String opterNo) {
        String acting = actingAdmin(admin, adminPassword);
        if (!acting.equals(DONE)) return acting;
        Op target = operators.get(opterNo);
        if (target == null) return "1618";
        if (target.disabled) return "1619";
        if (target.role == Role.ADMIN && enabledAdmins() <= 1) return "1617";
        target.disabled = true;
        endSessions(opterNo);
        return DONE;
    }

    // --- the API ---

    /** 9001 by envelope {@code opter} for {@code opterNo}: the code; on success call {@link #opened}. */
    String signIn(String opter, String opterNo, String password) {
        if (!opter.equals(opterNo)) return "1608";
        return checkSignIn(opterNo, password, true);
    }

    /** Records the session a successful 9001 opened with {@code signNo}. */
    void opened(String opterNo, String signNo) {
        Session session = new Session(opterNo, signNo, now.plus(sessionTtl));
        sessions.add(session);
        bySignNo.put(signNo, session);
    }

    /** 9002: authorised like any transaction, then {@code input.signOut} must name the envelope's own sign_no and operator. */
    String signOut(String signNo, String opter, String inputSignNo, String inputOpter) {
        String authorised = authorise(signNo, opter, "9002");
        if (!authorised.equals(DONE)) return authorised;
        if (!inputSignNo.equals(signNo) || !inputOpter.equals(opter)) return "1608";
        bySignNo.get(signNo).ended = true;
        return DONE;
    }

    /** The check every transaction but 9001 passes. */
    String authorise(String signNo, String opter, String infno) {
        Session session = signNo.isEmpty() ? null : bySignNo.get(signNo);
        if (session == null) return "1605";
        if (session.ended) return "1607";
        if (!now.isBefore(session.expiresAt)) return "1606";
        if (!session.opterNo.equals(opter)) return "1608";
        Op op = operators.get(opter);
        if (op == null || op.disabled) return "1603";
        return allows(op.role, infno) ? DONE : "1609";
    }

    Optional<Session> session(String signNo) {
        return Optional.ofNullable(bySignNo.get(signNo));
    }

    static boolean allows(Role role, String infno) {
        return switch (role) {
            case ADMIN -> true;
            case CASHIER -> CASHIER.contains(infno);
            case TECHNICIAN -> infno.equals("9001") || infno.equals("9002") || infno.startsWith("term_diag");
        };
    }

    // --- the password check ---

    /** {@code service}: by 9001, else by the CLI (each keeps its own memory of unknown numbers). */
    private String checkSignIn(String opterNo, String password, boolean service) {
        String verified = verify(opterNo, password, service);
        if (!verified.equals(DONE)) return verified;
        Op op = operators.get(opterNo);
        if (op.disabled) return "1603";
        if (op.mustChange) return "1604";
        return DONE;
    }

    private String actingAdmin(String admin, String password) {
        String signedIn = checkSignIn(admin, password, false);
        if (signedIn.equals(DONE) && operators.get(admin).role != Role.ADMIN) return "1615";
        return signedIn;
    }

    private String verify(String opterNo, String password, boolean service) {
        Op op = failuresOf(opterNo, service);
        if (locked(op)) return "1602";
        if (password.equals(op.password)) {
            op.failures = 0;
            op.lockedUntil = null;
            return DONE;
        }
        op.failures++;
        if (op.failures < maxFailures) return "1601";
        op.failures = 0;
        op.lockedUntil = now.plus(lockFor);
        return "1602";
    }

    private void setPassword(String opterNo, String password, boolean mustChange) {
        Op op = operators.get(opterNo);
        op.password = password;
        op.mustChange = mustChange;
        op.failures = 0;
        op.lockedUntil = null;
        endSessions(opterNo);
    }

    private void endSessions(String opterNo) {
        for (Session session : sessions) {
            if (session.opterNo.equals(opterNo)) session.ended = true;
        }
    }

    private long enabledAdmins() {
        return operators.values().stream().filter(op -> op.role == Role.ADMIN && !op.disabled).count();
    }

    /** 8-128 characters, no control characters, two of letters / digits / others, not the number. */
    private static boolean weak(String opterNo, String password) {
        if (password.length() < 8 || password.length() > 128) return true;
        if (password.chars().anyMatch(Character::isISOControl)) return true;
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        boolean other = password.chars().anyMatch(c -> !Character.isLetter(c) && !Character.isDigit(c));
        return (letter ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0) < 2 || password.equalsIgnoreCase(opterNo);
    }
}
