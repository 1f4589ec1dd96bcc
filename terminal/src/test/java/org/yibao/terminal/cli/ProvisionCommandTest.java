package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import picocli.CommandLine;

class ProvisionCommandTest {
    @TempDir Path data;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void initPrintsACsrForTheStoredKeyAndRefusesASecondKey() throws Exception {
        assertEquals(0, run("provision", "init", "--data-dir", data.toString(), "--alg", "SM2", "--device-id", "T01"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(DeviceKeyStore.KEY_FILE))));
        String fingerprint = new DeviceKeyStore(data).load().orElseThrow().fingerprint();
        assertTrue(out.toString().contains("fingerprint: " + fingerprint), out.toString());
        String csrPem = out.toString().substring(0, out.toString().indexOf("fingerprint:"));
        assertEquals("CN=T01,O=yibao-terminal", Pem.csr(csrPem).getSubject().toString());

        byte[] key = Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE));
        assertEquals(2, run("provision", "init", "--data-dir", data.toString()));
        assertTrue(err.toString().startsWith("1910 "), err.toString());
        String refusal = out.toString().substring(out.toString().lastIndexOf("{\"term_errcode\""));
        assertTrue(refusal.startsWith("{\"term_errcode\":\"1910\",\"err_msg\":\"设备密钥已存在，如需重新生成请加 --force："), refusal);
        assertEquals(new String(key), Files.readString(data.resolve(DeviceKeyStore.KEY_FILE)));
    }

    @Test
    void rollbackToAMissingSnapshotIsRefused() {
        assertEquals(2, run("provision", "rollback", "--data-dir", data.toString(), "3"));
        assertEquals("1930 没有该编号的配置快照：3", err.toString().strip());
        assertEquals("{\"term_errcode\":\"1930\",\"err_msg\":\"没有该编号的配置快照：3\"}", out.toString().strip());
    }

    /**
     * Issue 6: "provision apply BUNDLE verifies the signature against the provisioning root
     * configured at install" and "README: the technician's path from an unpacked box ...": the
     * technician needs a command that installs the centre's root (nothing else puts it there).
     */
    @Test
    void rootInstallsTheCentresProvisioningRootAndPrintsItsFingerprint() throws Exception {
        DeviceKey root = DeviceKey.generate(KeyAlgorithm.SM2);
        Path incoming = Files.createDirectories(data.resolve("incoming"));
        Path pem = Files.writeString(incoming.resolve("root.pem"), Pem.write(root.pair().getPublic()));

        assertEquals(0, run("provision", "root", "--data-dir", data.toString(), pem.toString()), err.toString());

        assertEquals(root.pair().getPublic(), Pem.publicKey(Files.readString(data.resolve(BundleApplier.ROOT_FILE))));
        assertTrue(out.toString().contains("fingerprint: " + DeviceKey.fingerprint(root.pair().getPublic())), out.toString());
        assertEquals(0, run("provision", "root", "--data-dir", data.toString(), pem.toString()), "the same root again: " + err);

        DeviceKey other = DeviceKey.generate(KeyAlgorithm.EC);
        Path otherPem = Files.writeString(incoming.resolve("other.pem"), Pem.write(other.pair().getPublic()));
        assertEquals(2, run("provision", "root", "--data-dir", data.toString(), otherPem.toString()));
        assertTrue(err.toString().contains("1914 "), err.toString());
        assertEquals(root.pair().getPublic(), Pem.publicKey(Files.readString(data.resolve(BundleApplier.ROOT_FILE))), "kept");
        assertEquals(0, run("provision", "root", "--data-dir", data.toString(), "--force", otherPem.toString()), err.toString());
        assertEquals(other.pair().getPublic(), Pem.publicKey(Files.readString(data.resolve(BundleApplier.ROOT_FILE))));

        Path garbage = Files.writeString(incoming.resolve("garbage.pem"), "not a key");
        assertEquals(2, run("provision", "root", "--data-dir", data.toString(), "--force", garbage.toString()));
        assertTrue(out.toString().contains("{\"term_errcode\":\"1913\",\"err_msg\":\"配置根公钥无效："), out.toString());
        assertEquals(other.pair().getPublic(), Pem.publicKey(Files.readString(data.resolve(BundleApplier.ROOT_FILE))), "kept");
    }
}
