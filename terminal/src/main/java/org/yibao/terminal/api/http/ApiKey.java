package org.yibao.terminal.api.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shared secret a host sends in the {@value #HEADER} header when the API listens beyond
 * loopback. Compared in constant time (both sides hashed first, so the length does not leak
 * either). At least {@value #MIN_LENGTH} characters. A configuration holds only the key's
 * SHA-256 ({@link #ofSha256}), never the key.
 */
public final class ApiKey {
    /** The request header that carries the key. */
    public static final String HEADER = "X-Term-Api-Key";
    /** The shortest key accepted. */
    public static final int MIN_LENGTH = 16;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final byte[] digest;

    private ApiKey(byte[] digest) {
        this.digest = digest;
    }

    /** The key {@code key}; throws {@link IllegalArgumentException} when shorter than {@value #MIN_LENGTH}. */
    public static ApiKey of(String key) {
        Objects.requireNonNull(key, "key");
        if (key.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the API key must have at least " + MIN_LENGTH + " characters");
        }
        return new ApiKey(sha256(key));
    }

    /**
     * The key whose SHA-256 (of its UTF-8 bytes) is {@code hex}, 64 hex digits: what a device
     * configuration holds ({@code api.api_key_sha256}). Throws {@link IllegalArgumentException}
     * for anything else.
     */
    public static ApiKey ofSha256(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("the API key's SHA-256 must be 64 hex digits, got " + hex.length() + " characters");
        }
        return new ApiKey(HexFormat.of().parseHex(hex));
    }

    /** Whether {@code presented} (a header value, possibly null) is this key. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[(hidden)]";
    }
}
