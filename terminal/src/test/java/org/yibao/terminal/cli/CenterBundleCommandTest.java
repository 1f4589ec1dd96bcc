package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import picocli.CommandLine;

/**
 * {@code terminal center bundle} makes a bundle that {@code terminal provision apply} accepts,
 * the technician's whole bench path with real files and real keys: {@code provision init} on an
 * empty data folder, {@code provision root} with the root's public key, {@code center bundle}
 * from the printed CSR, {@code provision apply} of the file it wrote. And what it refuses.
 */
class CenterBundleCommandTest {
    private static final InputStream REAL_STDIN = System.in;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Chu-Shi-2026!";

    @TempDir Path tmp;
    private Path data;
    private Path bench;
    private StringWriter out;
    private StringWriter err;
    private DeviceKey root;

    @BeforeEach
    void bench() throws Exception {
        data = Files.createDirectories(tmp.resolve("device"));
        bench = Files.createDirectories(tmp.resolve("bench"));
        ReferenceCa ca = ReferenceCa.create(KeyAlgorithm.EC, "bench CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(3650)));
        Files.writeString(bench.resolve("ca.pem"), Pem.write(ca.certificate()));
        Files.writeString(bench.resolve("ca.key"), Pem.write(ca.keyPair().getPrivate()));
        assertEquals(0, run("", "voucher", "keygen", "--alg", "ES256", "--kid", "k1",
                "--private-out", bench.resolve("voucher.key").toString(), "--trust-out", bench.resolve("trust.json").toString()), err.toString());
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(REAL_STDIN);
    }

    private int run(String stdin, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** provision init, then the root's public key installed; returns the CSR as init printed it. */
    private Path initDevice(KeyAlgorithm rootAlgorithm) throws Exception {
        assertEquals(0, run("", "provision", "init", "--data-dir", data.toString()), err.toString());
        String printed = out.toString();
        Path csr = Files.writeString(bench.resolve("device.csr"), printed.substring(0, printed.indexOf("fingerprint:")));
        root = DeviceKey.generate(rootAlgorithm);
        Files.writeString(bench.resolve("root.key"), Pem.write(root.pair().getPrivate()));
        Path rootPub = Files.writeString(bench.resolve("root.pub.pem"), Pem.write(root.pair().getPublic()));
        assertEquals(0, run("", "provision", "root", "--data-dir", data.toString(), rootPub.toString()), err.toString());
        return csr;
    }

    private int bundle(Path csr, String password, String... more) {
        List<String> args = new ArrayList<>(List.of("center", "bundle", "--csr", csr.toString(),
                "--ca-cert", bench.resolve("ca.pem").toString(), "--ca-key", bench.resolve("ca.key").toString(),
                "--root-key", bench.resolve("root.key").toString(), "--out", bench.resolve("bundle.json").toString(),
                "--device-id", "T01", "--fixmedins-code", "P37150200001", "--fixmedins-name", "聊城示范大药房",
                "--admdvs", "371502", "--hosp-lv", "pharmacy", "--broker", "ssl://broker.example:8883",
                "--trust", bench.resolve("trust.json").toString(), "--policy-version", "371500-2026.1",
                "--catalog-version", "2026-11-01", "--admin-opter-no", "A001", "--admin-name", "张三",
                "--api-key-sha256", "ab".repeat(32), "--password-stdin"));
        args.addAll(List.of(more));
        return run(password + "\n", args.toArray(String[]::new));
    }

    private JsonNode lastJson() throws Exception {
        String[] lines = out.toString().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aBundleMadeFromTheDevicesCsrIsAppliedAndCreatesTheFirstAdmin(KeyAlgorithm rootAlgorithm) throws Exception {
        Path csr = initDevice(rootAlgorithm);

        assertEquals(0, bundle(csr, PASSWORD, "--mode", "kiosk"), out + " / " + err);
        JsonNode made = lastJson();
        assertEquals("made", made.path("result").asText(), made.toString());
        assertEquals(new DeviceKeyStore(data).load().orElseThrow().fingerprint(), made.path("device_fingerprint").asText());
        assertEquals(DeviceKey.fingerprint(root.pair().getPublic()), made.path("root_fingerprint").asText(), "the fingerprint provision root printed");
        assertFalse((out + err.toString()).contains(PASSWORD), "the password is not printed");
        Path file = bench.resolve("bundle.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "it holds the one-time password");

        assertEquals(0, run("", "provision", "apply", "--data-dir", data.toString(), file.toString()), out + " / " + err);
        JsonNode applied = lastJson();
        assertEquals("applied", applied.path("result").asText(), applied.toString());
        assertEquals("T01", applied.path("device_id").asText());
        assertEquals("created", applied.path("first_admin").path("result").asText(), applied.toString());
        assertTrue(applied.path("first_admin").path("must_change_password").asBoolean(), applied.toString());

        assertEquals(0, run("", "provision", "status", "--data-dir", data.toString(), "--json"), err.toString());
        JsonNode status = lastJson();
        assertEquals("kiosk", status.path("mode").asText(), status.toString());
        assertTrue(status.toString().contains("CN=T01"), "the certificate names the device, not the CSR's 'unprovisioned': " + status);

        assertEquals(2, bundle(csr, PASSWORD), "never over an existing file");
        assertEquals("1760", lastJson().path("term_errcode").asText(), out.toString());
    }

    @Test
    void aCsrWhoseSignatureDoesNotVerifyIsRefusedAndNothingIsWritten() throws Exception {
        initDevice(KeyAlgorithm.EC);
        DeviceKey device = new DeviceKeyStore(data).load().orElseThrow();
        DeviceKey other = DeviceKey.generate(KeyAlgorithm.EC);
        var forged = new JcaPKCS10CertificationRequestBuilder(device.csr("T01").getSubject(), other.pair().getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.provider()).build(device.pair().getPrivate()));
        Path csr = Files.writeString(bench.resolve("forged.csr"), Pem.write(forged));

        assertEquals(2, bundle(csr, PASSWORD));

        assertEquals("1757", lastJson().path("term_errcode").asText(), out.toString());
        assertTrue(err.toString().contains("签名验证不通过"), err.toString());
        assertFalse(Files.exists(bench.resolve("bundle.json")));
    }

    @Test
    void aRootKeyThatIsNotAPrivateKeyIsRefused() throws Exception {
        Path csr = initDevice(KeyAlgorithm.SM2);
        Files.copy(bench.resolve("root.pub.pem"), bench.resolve("root.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertEquals(2, bundle(csr, PASSWORD));

        assertEquals("1758", lastJson().path("term_errcode").asText(), out.toString());
        assertTrue(err.toString().startsWith("1758 配置根私钥无法使用："), err.toString());
        assertFalse(Files.exists(bench.resolve("bundle.json")));
    }

    @Test
    void contentTheDeviceWouldRefuseIsRefusedWithTheDevicesReason() throws Exception {
        Path csr = initDevice(KeyAlgorithm.EC);

        assertEquals(2, bundle(csr, "short"));

        JsonNode refusal = lastJson();
        assertEquals("1759", refusal.path("term_errcode").asText(), out.toString());
        assertTrue(refusal.path("err_msg").asText().contains("1927"), refusal.toString());
        assertFalse(Files.exists(bench.resolve("bundle.json")));
    }
}
