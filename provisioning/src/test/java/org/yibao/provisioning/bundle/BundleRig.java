package org.yibao.provisioning.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;

/** A device data folder with a key and an installed provisioning root, and a reference centre that makes bundles for it. */
final class BundleRig {
    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    final Path data;
    final DeviceKey root;
    final ReferenceCa ca;
    final DeviceKey device;

    BundleRig(Path data, KeyAlgorithm alg) throws IOException {
        this.data = data;
        this.device = ((DeviceKeyStore.Created) new DeviceKeyStore(data).init(alg, false)).key();
        this.root = DeviceKey.generate(alg);
        Files.createDirectories(data.resolve("trust"));
        Files.writeString(data.resolve(BundleApplier.ROOT_FILE), Pem.write(root.pair().getPublic()));
        this.ca = ReferenceCa.create(alg, "test CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
    }

    /** A complete payload for this device (client certificate issued for its CSR). */
    ObjectNode payload(String deviceId, String brokerHost) {
        ObjectNode p = BundleJson.mapper().createObjectNode();
        p.put("device_id", deviceId);
        p.put("device_fingerprint", device.fingerprint());
        p.put("issued_at", NOW.toString());
        p.put("not_after", NOW.plus(Duration.ofDays(7)).toString());
        p.putObject("institution").put("fixmedins_code", "P37150200001").put("fixmedins_name", "聊城示范大药房")
                .put("admdvs", "371502").put("hosp_lv", "pharmacy");
        p.putArray("brokers").add("ssl://" + brokerHost + ":8883");
        p.put("ca_cert_pem", Pem.write(ca.certificate()));
        p.put("client_cert_pem", Pem.write(ca.issue(device.csr(deviceId), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(365)))));
        ObjectNode trust = p.putObject("trust_file");
        trust.put("version", "t-7");
        trust.putArray("keys").addObject().put("kid", "k1").put("alg", "EC").put("public_key_pem", Pem.write(root.pair().getPublic()))
                .put("not_before", "2026-01-01T00:00:00Z").put("not_after", "2027-01-01T00:00:00Z");
        p.putObject("versions").put("policy", "371500-2026.1").put("catalog", "2026-11-01").put("trust", "t-7");
        p.putObject("offline_limits").put("max_offline_hours", 72).put("max_backlog_count", 5000).put("max_backlog_bytes", 52428800L);
        p.putObject("kiosk_limits").put("max_fen_per_settlement", 200000L).put("account_allowed", true);
        p.putObject("api").put("bind", "127.0.0.1").put("port", 8080).put("api_key_sha256", "ab".repeat(32));
        p.putObject("first_admin").put("opter_no", "A001").put("name", "张三").put("one_time_password", "Chu-Shi-2026!");
        return p;
    }

    byte[] sign(ObjectNode payload) {
        return sign(payload, root);
    }

    byte[] sign(ObjectNode payload, DeviceKey by) {
        return BundleJson.sign(payload.toString().getBytes(StandardCharsets.UTF_8), by.pair().getPrivate(), by.algorithm());
    }

    BundleApplier applier() {
        return new BundleApplier(data, BundleChecks.STRUCTURAL);
    }
}
