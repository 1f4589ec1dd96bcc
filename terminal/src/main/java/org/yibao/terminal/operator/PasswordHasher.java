package org.yibao.terminal.operator;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 with a 16-byte random salt and a 32-byte output, through the JDK's
 * {@link SecretKeyFactory}. New hashes use {@link #iterations()} (at least
 * {@value #MIN_ITERATIONS}); verification uses the count stored with each hash and compares in
 * constant time. Thread-safe.
 */
public final class PasswordHasher {
    /** The floor for new hashes (OWASP's 2021 figure for PBKDF2-HMAC-SHA256). */
    public static final int MIN_ITERATIONS = 310_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final PasswordHash decoy;

    /** A hasher making new hashes with {@code iterations} rounds. */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 needs at least " + MIN_ITERATIONS + " iterations, got " + iterations);
        }
        this.iterations = iterations;
        this.decoy = randomDecoy(iterations);
    }

    /** A hasher with {@link #MIN_ITERATIONS}. */
    public PasswordHasher() {
        this(MIN_ITERATIONS);
    }

    /** The iteration count of new hashes. */
    public int iterations() {
        return iterations;
    }

    /** A new salted hash of {@code password}. */
    public PasswordHash hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Whether {@code password} matches {@code stored}, compared in constant time. */
    public boolean verify(char[] password, PasswordHash stored) {
        if (password.length == 0) {
            derive(new char[] {'\0'}, stored.salt(), stored.iterations()); // same time; PBKDF2 refuses an empty key
            return false;
        }
        byte[] candidate = derive(password, stored.salt(), stored.iterations());
        return MessageDigest.isEqual(candidate, stored.hash());
    }

    /** Spends the same time as a verification, for an unknown operator (no timing oracle). */
    public void verifyDecoy(char[] password) {
        verify(password, decoy);
    }

    /**
     * A stored hash that no password matches (random salt and random 32 bytes, so nothing is
     * derived at start-up: a decoy verification still derives the full iteration count).
     */
    private PasswordHash randomDecoy(int rounds) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BITS / 8];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return new PasswordHash(rounds, salt, hash);
    }

    /** Whether {@code stored} was made with fewer iterations than new hashes get. */
    public boolean needsRehash(PasswordHash stored) {
        return stored.iterations() < iterations;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Overwrites {@code password} with zeros. */
    public static void wipe(char[] password) {
        if (password != null) Arrays.fill(password, '\0');
    }
}
