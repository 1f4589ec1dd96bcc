package org.yibao.terminal.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.diagnostics.BacklogSummary;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.SnapshotStore;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.fleet.VersionsInUse;

/**
 * {@code provision status}: what this device is and how it stands, gathered from its data folder
 * only (the service may be running): the device key's fingerprint, the snapshot in force and the
 * ones kept, the configuration's identity, mode (counter or kiosk), versions and brokers, the
 * client certificate's expiry, the versions in use (policy the centre sent, trust file, catalogue and
 * code map: {@link VersionsInUse}; {@code versions} is what the bundle named), and the uplink as the
 * outbox database records it ({@link UplinkRecord}).
 */
public final class ProvisionStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProvisionStatus() {
    }

    /** The status of the device whose data folder is {@code dataDir}, at {@code now}. */
    public static ObjectNode of(Path dataDir, Instant now) throws IOException, SQLException {
        ObjectNode s = JSON.createObjectNode();
        Optional<DeviceKey> key = new DeviceKeyStore(dataDir).load();
        s.put("device_key_fingerprint", key.map(DeviceKey::fingerprint).orElse(null));
        SnapshotStore snapshots = new SnapshotStore(dataDir);
        OptionalInt current = snapshots.currentNumber();
        BundleApplier applier = new BundleApplier(dataDir, BundleChecks.STRUCTURAL);
        Optional<DeviceConfig> config = applier.currentConfig();
        s.put("provisioned", current.isPresent() && config.isPresent());
        if (current.isPresent()) s.put("snapshot", current.getAsInt());
        applier.issuedInForce().ifPresent(t -> s.put("bundle_issued_at", t.toString()));
        snapshots.numbers().forEach(s.withArray("snapshots_kept")::add);
        config.ifPresent(c -> describe(s, c));
        Optional<byte[]> cert = snapshots.readCurrent("client.pem");
        if (cert.isPresent()) certificate(s.putObject("client_certificate"), cert.get(), now);
        ObjectNode inUse = s.putObject("versions_in_use");
        VersionsInUse.read(Optional.empty(), dataDir, now.atZone(BeijingTime.ZONE).toLocalDate()).forEach(inUse::put);
        uplink(s.putObject("uplink"), UplinkRecord.read(dataDir.resolve("terminal.db")), dataDir);
        return s;
    }

    private static void describe(ObjectNode s, DeviceConfig c) {
        s.put("device_id", c.deviceId());
        s.putObject("institution").put("fixmedins_code", c.institution().fixmedinsCode())
                .put("fixmedins_name", c.institution().fixmedinsName()).put("admdvs", c.institution().admdvs())
                .put("hosp_lv", c.institution().hospLv());
        s.put("mode", c.mode().code());
        s.putObject("versions").put("policy", c.versions().policy()).put("catalog", c.versions().catalog())
                .put("trust", c.versions().trust());
        c.uplink().brokers().forEach(s.withArray("brokers")::add);
    }

    private static void certificate(ObjectNode c, byte[] pem, Instant now) throws IOException {
        X509Certificate cert = Pem.certificate(new String(pem, StandardCharsets.US_ASCII));
        Instant notAfter = cert.getNotAfter().toInstant();
        c.put("subject", cert.getSubjectX500Principal().getName());
        c.put("not_after", notAfter.toString());
        c.put("days_left", Duration.between(now, notAfter).toDays());
        c.put("expired", !now.isBefore(notAfter));
    }

    private static void uplink(ObjectNode u, UplinkRecord r, Path dataDir) {
        u.put("source", "取自本机申报队列数据库（运行中服务的持久记录；本命令看不到当前的连接状态）");
        u.put("state", r.state());
        u.put("backlog_count", r.backlogCount());
        u.put("backlog_bytes", r.backlogBytes());
        u.put("oldest_unacked_at", r.oldestUnacked().map(Instant::toString).orElse(null));
        u.put("needs_attention", r.needsAttention());
        u.put("rejected", r.rejected());
        u.put("last_centre_ack_at", r.lastAckAt().map(Instant::toString).orElse(null));
        BacklogSummary.action(r.needsAttention(), r.rejected(), dataDir).ifPresent(a -> u.put("action", a));
    }
}
