package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordHasher HASHER = new PasswordHasher();

    @Test void verifiesTheRightPasswordOnlyAndSaltsEachHash() {
        PasswordHash first = HASHER.hash("Secret-2026".toCharArray());
        PasswordHash second = HASHER.hash("Secret-2026".toCharArray());
        assertTrue(HASHER.verify("Secret-2026".toCharArray(), first));
        assertFalse(HASHER.verify("Secret-2027".toCharArray(), first));
        assertFalse(HASHER.verify("secret-2026".toCharArray(), first));
        assertFalse(HASHER.verify(new char[0], first));
        assertEquals(16, first.salt().length);
        assertEquals(32, first.hash().length);
        assertNotEquals(first, second, "a fresh salt per hash");
        assertEquals(PasswordHasher.MIN_ITERATIONS, first.iterations());
    }

    @Test void storedTextKeepsTheParametersAndRoundTrips() {
        PasswordHash hash = HASHER.hash("Secret-2026".toCharArray());
        String text = hash.encode();
        assertTrue(text.startsWith("pbkdf2-sha256$310000$"), text);
        PasswordHash back = PasswordHash.decode(text);
        assertEquals(hash, back);
        assertArrayEquals(hash.salt(), back.salt());
        assertFalse(hash.toString().contains(text.substring(text.lastIndexOf('$') + 1)), "toString hides the hash");
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.decode("md5$1$abc$def"));
    }

    @Test void aHashMadeWithMoreIterationsStillVerifiesAndOlderOnesAskForRehash() {
        PasswordHasher stronger = new PasswordHasher(400_000);
        PasswordHash strong = stronger.hash("Secret-2026".toCharArray());
        assertEquals(400_000, strong.iterations());
        assertTrue(HASHER.verify("Secret-2026".toCharArray(), strong), "verification uses the stored count");
        PasswordHash old = HASHER.hash("Secret-2026".toCharArray());
        assertTrue(stronger.needsRehash(old));
        assertFalse(HASHER.needsRehash(strong));
    }

    @Test void refusesAnIterationCountBelowTheFloor() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(100_000));
    }
}
