package org.yibao.provisioning.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * Keys are told apart by their whole curve: P-256 and SM2 are named, any other curve is refused.
 * secp256k1's prime starts with FFFFFFFE like SM2's, so a check of the prime's first digits took a
 * secp256k1 provisioning root for a valid key (found by the review of {@code center bundle}).
 */
class KeyAlgorithmTest {

    private static PublicKey key(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bc.provider());
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair().getPublic();
    }

    @Test
    void p256AndSm2AreNamed() throws Exception {
        assertEquals(KeyAlgorithm.EC, KeyAlgorithm.of(key("secp256r1")));
        assertEquals(KeyAlgorithm.SM2, KeyAlgorithm.of(key("sm2p256v1")));
    }

    @Test
    void anotherCurveOf256BitsIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.of(key("secp256k1")));
        assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.of(key("brainpoolP256r1")));
    }
}
