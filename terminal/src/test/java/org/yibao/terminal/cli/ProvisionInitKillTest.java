package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.Pem;

/**
 * {@code terminal provision init --force} as a child JVM, killed with SIGKILL the moment it has
 * replaced the first of the two key files: the device's key pair is still a pair (what it signs,
 * its public key verifies), so the fingerprint a technician reads to the centre is the key's
 * own; and the next {@code provision init} names that fingerprint and leaves
 * {@code device.pub.pem} matching it.
 */
class ProvisionInitKillTest {
    private static final int KILLS = 6;
    /** More kills while none has landed between the files yet (a window of two fsyncs, near nothing on a fast disk). */
    private static final int MAX_KILLS = 30;

    @TempDir Path data;

    @Test
    void anInitKilledBetweenItsTwoFilesLeavesAKeyPairThatMatches() throws Exception {
        assertEquals(0, FactoryResetCommandTest.cli("provision", "init", "--data-dir", data.toString(), "--device-id", "T01").exit());
        int replacedOne = 0;
        int kill;
        for (kill = 0; kill < KILLS || replacedOne == 0 && kill < MAX_KILLS; kill++) {
            List<Object> before = fileKeys();
            CliProcess init = CliProcess.start(Map.of(), "provision", "init", "--data-dir", data.toString(), "--device-id", "T01", "--force");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (fileKeys().equals(before) && System.nanoTime() < deadline) Thread.onSpinWait();
            init.kill();
            List<Object> after = fileKeys();
            if (!Objects.equals(before.get(0), after.get(0)) ^ !Objects.equals(before.get(1), after.get(1))) replacedOne++;

            DeviceKey key = new DeviceKeyStore(data).load().orElseThrow();
            assertTrue(signsAndVerifies(key), "kill " + kill + ": the stored private key is not the public key's");
            FactoryResetCommandTest.Run again = FactoryResetCommandTest.cli("provision", "init", "--data-dir", data.toString(), "--device-id", "T01");
            assertEquals(2, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("1910") && again.out().contains(key.fingerprint()), again.out());
            String pub = Files.readString(data.resolve(DeviceKeyStore.PUBLIC_FILE), StandardCharsets.US_ASCII);
            assertEquals(key.fingerprint(), DeviceKey.fingerprint(Pem.publicKey(pub)), "kill " + kill + ": device.pub.pem is the key's");
        }
        System.out.printf("provision init --force: %d kills, %d of them between the two key files%n", kill, replacedOne);
        assertTrue(replacedOne > 0, "no kill landed between the two files: the test proved nothing");
    }

    /** The identities (device and inode) of the private and the public key file. */
    private List<Object> fileKeys() throws Exception {
        return List.of(fileKey(DeviceKeyStore.KEY_FILE), fileKey(DeviceKeyStore.PUBLIC_FILE));
    }

    private Object fileKey(Path file) {
        try {
            return Files.readAttributes(data.resolve(file), BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException gone) {
            return "missing";
        }
    }

    private static boolean signsAndVerifies(DeviceKey key) throws Exception {
        byte[] text = "ybterm".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(key.algorithm().signatureAlgorithm(), Bc.provider());
        signer.initSign(key.pair().getPrivate());
        signer.update(text);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(key.algorithm().signatureAlgorithm(), Bc.provider());
        verifier.initVerify(key.pair().getPublic());
        verifier.update(text);
        return verifier.verify(signature);
    }
}
