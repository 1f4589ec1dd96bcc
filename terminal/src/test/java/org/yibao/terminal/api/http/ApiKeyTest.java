package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** An API key built from the SHA-256 a configuration holds accepts the key itself and nothing else. */
class ApiKeyTest {
    private static final String KEY = "a-long-enough-api-key";

    @Test
    void aKeyFromItsSha256MatchesTheKey() throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        ApiKey fromDigest = ApiKey.ofSha256(hex);
        assertTrue(fromDigest.matches(KEY));
        assertFalse(fromDigest.matches("a-long-enough-api-kez"));
        assertFalse(fromDigest.matches(hex), "the digest is not the key");
        assertFalse(fromDigest.matches(null));
        assertTrue(ApiKey.ofSha256(hex.toUpperCase()).matches(KEY), "hex digits in either case");
    }

    @Test
    void anythingButSixtyFourHexDigitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ApiKey.ofSha256("ab".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> ApiKey.ofSha256("ab".repeat(33)));
        assertThrows(IllegalArgumentException.class, () -> ApiKey.ofSha256("zz".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> ApiKey.ofSha256(" " + "ab".repeat(32)));
        assertThrows(NullPointerException.class, () -> ApiKey.ofSha256(null));
    }
}
