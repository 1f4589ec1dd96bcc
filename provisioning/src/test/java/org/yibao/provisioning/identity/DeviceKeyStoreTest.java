package org.yibao.provisioning.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.snapshot.AtomicFiles;

class DeviceKeyStoreTest {
    @TempDir Path data;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void initStoresAnOwnerOnlyKeyAndACsrThatVerifiesWithIt(KeyAlgorithm alg) throws Exception {
        DeviceKeyStore store = new DeviceKeyStore(data);
        DeviceKey key = assertInstanceOf(DeviceKeyStore.Created.class, store.init(alg, false)).key();
        assertEquals(AtomicFiles.OWNER_ONLY, Files.getPosixFilePermissions(data.resolve(DeviceKeyStore.KEY_FILE)));
        DeviceKey loaded = store.load().orElseThrow();
        assertEquals(alg, loaded.algorithm());
        assertEquals(key.fingerprint(), loaded.fingerprint());
        assertArrayEquals(key.pair().getPrivate().getEncoded(), loaded.pair().getPrivate().getEncoded());

        PKCS10CertificationRequest csr = Pem.csr(Pem.write(loaded.csr("T01")));
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.provider()).build(csr.getSubjectPublicKeyInfo())));
        assertArrayEquals(key.pair().getPublic().getEncoded(), csr.getSubjectPublicKeyInfo().getEncoded());
        assertEquals(64, key.fingerprint().length());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void anExistingKeyIsKeptUnlessForced(KeyAlgorithm alg) throws Exception {
        DeviceKeyStore store = new DeviceKeyStore(data);
        store.init(alg, false);
        byte[] before = Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE));
        var refused = assertInstanceOf(DeviceKeyStore.Refused.class, store.init(alg, false));
        assertEquals(ProvisionReason.KEY_EXISTS, refused.problem().reason());
        assertArrayEquals(before, Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE)));
        assertInstanceOf(DeviceKeyStore.Created.class, store.init(alg, true));
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE))));
    }

    /**
     * keys/device.pub.pem is what the technician sends the centre for the device's certificate: init
     * writes it, and a later init that keeps the key writes it again when it is missing or is
     * another key's (an init cut short, a copy from another device).
     */
    @Test
    void thePublicCopyIsWrittenAndRepairedWhenMissingOrWrong() throws Exception {
        DeviceKeyStore store = new DeviceKeyStore(data);
        DeviceKey key = assertInstanceOf(DeviceKeyStore.Created.class, store.init(KeyAlgorithm.EC, false)).key();
        Path pub = data.resolve(DeviceKeyStore.PUBLIC_FILE);
        assertEquals(key.pair().getPublic(), Pem.publicKey(Files.readString(pub)));

        Files.delete(pub);
        assertInstanceOf(DeviceKeyStore.Refused.class, store.init(KeyAlgorithm.EC, false));
        assertEquals(key.pair().getPublic(), Pem.publicKey(Files.readString(pub)), "written again when missing");

        Files.writeString(pub, Pem.write(DeviceKey.generate(KeyAlgorithm.EC).pair().getPublic()));
        assertInstanceOf(DeviceKeyStore.Refused.class, store.init(KeyAlgorithm.EC, false));
        assertEquals(key.pair().getPublic(), Pem.publicKey(Files.readString(pub)), "written again when another key's");
    }
}
