package org.yibao.terminal.operator;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A stored password hash with the parameters that made it, so the iteration count can be
 * raised later without invalidating old hashes. Text form:
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** The only scheme so far: PBKDF2-HMAC-SHA256. */
    public static final String SCHEME = "pbkdf2-sha256";

    public PasswordHash {
        if (iterations < 1) throw new IllegalArgumentException("iterations must be positive");
        salt = Objects.requireNonNull(salt, "salt").clone();
        hash = Objects.requireNonNull(hash, "hash").clone();
    }

    @Override public byte[] salt() { return salt.clone(); }

    @Override public byte[] hash() { return hash.clone(); }

    /** The text stored in the database. */
    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Reads {@link #encode()}'s text; throws {@link IllegalArgumentException} for anything else. */
    public static PasswordHash decode(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("not a " + SCHEME + " hash");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new PasswordHash(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return SCHEME + "$" + iterations + "$(salt)$(hash)";
    }
}
