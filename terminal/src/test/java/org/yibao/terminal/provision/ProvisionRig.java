package org.yibao.terminal.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.terminal.cli.TerminalCli;
import picocli.CommandLine;

/**
 * A device data folder after {@code provision init} with the provisioning root installed, and
 * the centre's side: a reference CA and the root key that signs bundles for this device.
 */
public final class ProvisionRig {
    public final Path data;
    public final DeviceKey device;
    public final DeviceKey root;
    public final ReferenceCa ca;
    public final Instant now = Instant.now();

    public ProvisionRig(Path data) throws IOException {
        this.data = data;
        Run init = cli("provision", "init", "--data-dir", data.toString(), "--device-id", "T01");
        if (init.exit() != 0) throw new IllegalStateException("provision init: " + init);
        this.device = new DeviceKeyStore(data).load().orElseThrow();
        this.root = DeviceKey.generate(KeyAlgorithm.EC);
        Files.createDirectories(data.resolve("trust"));
        Files.writeString(data.resolve(BundleApplier.ROOT_FILE), Pem.write(root.pair().getPublic()));
        this.ca = ReferenceCa.create(KeyAlgorithm.EC, "test CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
    }

    /** The exit code, stdout and stderr of one in-process CLI run. */
    public record Run(int exit, String out, String err) {
    }

    public static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A complete payload for this device; {@code devices} (may be null) is its devices section. */
    public ObjectNode payload(String deviceId, ObjectNode devices) {
        ObjectNode p = BundleJson.mapper().createObjectNode();
        p.put("device_id", deviceId);
        p.put("device_fingerprint", device.fingerprint());
        p.put("issued_at", now.toString());
        p.put("not_after", now.plus(Duration.ofDays(7)).toString());
        p.putObject("institution").put("fixmedins_code", "P37150200001").put("fixmedins_name", "聊城示范大药房")
                .put("admdvs", "371502").put("hosp_lv", "pharmacy");
        p.putArray("brokers").add("ssl://broker.example:8883");
        p.put("ca_cert_pem", Pem.write(ca.certificate()));
        p.put("client_cert_pem", Pem.write(ca.issue(device.csr(deviceId), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)))));
        ObjectNode trust = p.putObject("trust_file");
        trust.put("version", "t-7");
        trust.putArray("keys").addObject().put("kid", "k1").put("alg", "ES256")
                .put("public_key_pem", Pem.write(DeviceKey.generate(KeyAlgorithm.EC).pair().getPublic()))
                .put("not_before", now.getEpochSecond() - 86_400).put("not_after", now.getEpochSecond() + 365 * 86_400L);
        p.putObject("versions").put("policy", "371500-2026.1").put("catalog", "2026-11-01").put("trust", "t-7");
        p.putObject("offline_limits").put("max_offline_hours", 72).put("max_backlog_count", 5000).put("max_backlog_bytes", 52428800L);
        p.putObject("kiosk_limits").put("max_fen_per_settlement", 200000L).put("account_allowed", true);
        p.putObject("api").put("bind", "127.0.0.1").put("port", 8080).put("api_key_sha256", "ab".repeat(32));
        if (devices != null) p.set("devices", devices);
        p.putObject("first_admin").put("opter_no", "A001").put("name", "张三").put("one_time_password", "Chu-Shi-2026!");
        return p;
    }

    /** {@code payload} signed by {@code by}, written to a file beside the data folder. */
    public Path bundle(ObjectNode payload, DeviceKey by, String name) throws IOException {
        byte[] signed = BundleJson.sign(payload.toString().getBytes(StandardCharsets.UTF_8), by.pair().getPrivate(), by.algorithm());
        return Files.write(data.resolveSibling(name), signed);
    }

    /** {@code payload} signed by the provisioning root. */
    public Path bundle(ObjectNode payload) throws IOException {
        return bundle(payload, root, "bundle.json");
    }

    /** Applies {@code bundle} with the CLI. */
    public Run apply(Path bundle) {
        return cli("provision", "apply", "--data-dir", data.toString(), bundle.toString());
    }
}
