package org.yibao.terminal.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed sign-ins under operator numbers that do not exist, counted and locked as a known
 * operator's are ({@link OperatorStore#addFailure}, {@link OperatorStore#lock}), so the lock
 * does not tell which numbers exist: without it a known number answered "locked" after
 * {@link LockoutPolicy#maxFailures()} wrong passwords and an unknown one "wrong password" for
 * ever. Held in memory (nothing to protect, so nothing to keep over a restart) for the most
 * recently tried {@value #REMEMBERED} numbers, each by its SHA-256 (a number is what a 9001 sends,
 * up to half a megabyte; kept as sent, about a hundred long ones filled the service's 64 MB heap), so
 * a sweep through numbers cannot fill the memory.
 */
final class UnknownNumberLocks {
    static final int REMEMBERED = 4096;

    private static final class Failures {
        int failures;
        Instant lockedUntil;
    }

    private final LockoutPolicy lockout;
    private final Map<String, Failures> byNumber = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > REMEMBERED;
        }
    };

    UnknownNumberLocks(LockoutPolicy lockout) {
        this.lockout = lockout;
    }

    /**
     * One attempt counted: while a lock runs it is refused unchecked ({@code derive} false, the
     * lock's end given); otherwise its password is to be derived, and {@code lockedUntil} says
     * whether this attempt started a lock. One step, so attempts at once count as a known
     * operator's do (never more than {@link LockoutPolicy#maxFailures()} between locks).
     */
    record Counted(boolean derive, Optional<Instant> lockedUntil) {
    }

    /** Counts an attempt under {@code opterNo} at {@code now}; the one that reaches the limit locks it until {@code until}. */
    synchronized Counted count(String opterNo, Instant now, Instant until) {
        Failures entry = byNumber.computeIfAbsent(digest(opterNo), n -> new Failures());
        if (entry.lockedUntil != null && now.isBefore(entry.lockedUntil)) {
            if (entry.lockedUntil.isAfter(until)) entry.lockedUntil = until; // begun under a clock since set back, as a known one's
            return new Counted(false, Optional.of(entry.lockedUntil));
        }
        if (++entry.failures < lockout.maxFailures()) return new Counted(true, Optional.empty());
        entry.failures = 0;
        entry.lockedUntil = until;
        return new Counted(true, Optional.of(until));
    }

    /** A fixed-size stand-in for {@code opterNo}, whatever its length. */
    private static String digest(String opterNo) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(opterNo.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
