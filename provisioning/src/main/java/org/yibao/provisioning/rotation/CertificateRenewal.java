package org.yibao.provisioning.rotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.ConfigResult;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.SnapshotStore;

/**
 * The device's side of certificate rotation: when the client certificate in force expires within
 * {@code threshold}, makes a new key on the device, sends its CSR to the centre (through {@link
 * Centre}, the uplink's request/response helper), checks the answer (issued by the CA in force,
 * valid now, for the new key, and valid beyond {@code threshold} from now: a shorter one would be
 * due again at the next check, a renewal and restart every time) and only then writes a new snapshot: the same files with the new
 * {@code client.pem} and {@code client.key} (0600), and {@code config.json} pointing the uplink's
 * client key at it. Any failure writes nothing: the old key and certificate stay in force (and a
 * rollback to an older snapshot brings back the older credentials with it). The device identity
 * key ({@code keys/device.key}, the bundle fingerprint) is never touched; the outbox is not
 * either.
 */
public final class CertificateRenewal {
    /** The files the rotated key and certificate are written as, in the new snapshot. */
    public static final String CLIENT_CERT = "client.pem";
    public static final String CLIENT_KEY = "client.key";

    /** Sends one request to the centre and returns the answer; throws when there is none. */
    @FunctionalInterface
    public interface Centre {
        byte[] ask(String service, byte[] body) throws Exception;
    }

    private final Path dataDir;
    private final Duration threshold;
    private final SnapshotStore snapshots;

    public CertificateRenewal(Path dataDir, Duration threshold) {
        this.dataDir = dataDir.toAbsolutePath();
        this.threshold = threshold;
        this.snapshots = new SnapshotStore(this.dataDir);
    }

    /** The expiry of the client certificate in force, if provisioned. */
    public Optional<Instant> notAfter() throws IOException {
        Optional<byte[]> pem = snapshots.readCurrent(CLIENT_CERT);
        return pem.isEmpty() ? Optional.empty()
                : Optional.of(Pem.certificate(new String(pem.get(), StandardCharsets.US_ASCII)).getNotAfter().toInstant());
    }

    /** Renews when due at {@code now}; see the class comment. */
    public RenewalOutcome renewIfDue(Instant now, Centre centre) throws IOException {
        Optional<Instant> notAfter = notAfter();
        if (notAfter.isEmpty()) return new RenewalOutcome.Failed("本机尚未完成配置，没有客户端证书");
        if (now.isBefore(notAfter.get().minus(threshold))) return new RenewalOutcome.NotDue(notAfter.get());
        return renew(now, centre);
    }

    /** Renews now, whatever the expiry. */
    public RenewalOutcome renew(Instant now, Centre centre) throws IOException {
        Optional<DeviceConfig> config = new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig();
        Optional<byte[]> caPem = snapshots.readCurrent("ca.pem");
        Optional<byte[]> certPem = snapshots.readCurrent(CLIENT_CERT);
        if (config.isEmpty() || caPem.isEmpty() || certPem.isEmpty()) return new RenewalOutcome.Failed("本机尚未完成配置");
        X509Certificate ca = Pem.certificate(new String(caPem.get(), StandardCharsets.US_ASCII));
        KeyAlgorithm algorithm = KeyAlgorithm.of(Pem.certificate(new String(certPem.get(), StandardCharsets.US_ASCII)).getPublicKey());
        DeviceKey key = DeviceKey.generate(algorithm);
        byte[] answer;
        try {
            answer = centre.ask(RenewalWire.SERVICE, RenewalWire.request(Pem.write(key.csr(config.get().deviceId()))));
        } catch (Exception e) {
            return new RenewalOutcome.Failed("中心未应答证书申请：" + (e instanceof java.util.concurrent.TimeoutException
                    ? e.getMessage() : "请求未能送达（" + e.getMessage() + "）"));
        }
        Optional<String> issued = RenewalWire.certificateOf(answer);
        if (issued.isEmpty()) return new RenewalOutcome.Failed("中心拒绝证书申请: " + RenewalWire.errorOf(answer));
        X509Certificate cert;
        try {
            cert = Pem.certificate(issued.get());
            cert.verify(ca.getPublicKey(), Bc.provider());
            cert.checkValidity(Date.from(now));
        } catch (IOException | GeneralSecurityException e) {
            return new RenewalOutcome.Failed("中心签发的证书无效: " + e.getMessage());
        }
        if (!DeviceKey.fingerprint(cert.getPublicKey()).equals(key.fingerprint())) {
            return new RenewalOutcome.Failed("中心签发的证书不是新密钥的证书");
        }
        if (!cert.getNotAfter().toInstant().isAfter(now.plus(threshold))) {
            return new RenewalOutcome.Failed(ProvisionReason.RENEWED_CERT_TOO_SHORT.code() + " " + ProvisionReason.RENEWED_CERT_TOO_SHORT.message()
                    + "（新证书到期 " + cert.getNotAfter().toInstant() + "，续期阈值 " + threshold.toDays() + " 天）");
        }
        return write(config.get(), issued.get(), key, cert);
    }

    private RenewalOutcome write(DeviceConfig config, String certPem, DeviceKey key, X509Certificate cert) throws IOException {
        ObjectNode tree = DeviceConfigJson.tree(config);
        ((ObjectNode) tree.path("uplink").path("tls")).put("client_key", "current/" + CLIENT_KEY);
        byte[] configBytes;
        switch (DeviceConfigJson.read(tree)) {
            case ConfigResult.Invalid(List<Problem> problems) -> {
                return new RenewalOutcome.Failed("新配置无效: " + problems.getFirst().text());
            }
            case ConfigResult.Valid(DeviceConfig sealed) -> configBytes = DeviceConfigJson.write(sealed);
        }
        Map<String, byte[]> files = currentFiles();
        files.put(BundleApplier.CONFIG, configBytes);
        files.put(CLIENT_CERT, SnapshotStore.utf8(certPem));
        files.put(CLIENT_KEY, SnapshotStore.utf8(Pem.write(key.pair().getPrivate())));
        int n = snapshots.commit(files);
        return new RenewalOutcome.Renewed(n, cert.getNotAfter().toInstant(), key.fingerprint());
    }

    private Map<String, byte[]> currentFiles() throws IOException {
        OptionalInt current = snapshots.currentNumber();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(snapshots.folder(current.orElseThrow()))) {
            for (Path p : list.filter(Files::isRegularFile).sorted().toList()) files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return files;
    }
}
