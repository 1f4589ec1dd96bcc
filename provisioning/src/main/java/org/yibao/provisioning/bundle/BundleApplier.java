package org.yibao.provisioning.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.yibao.provisioning.config.ConfigResult;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.SnapshotStore;

/**
 * {@code provision apply}: verifies a bundle completely ({@link BundleVerifier}) and only then
 * writes it as a new numbered snapshot and makes it current atomically. The snapshot holds
 * {@code config.json}, {@code ca.pem}, {@code client.pem}, {@code voucher-trust.json} and the
 * bundle itself ({@code bundle.json}); the device key is never touched. The provisioning root
 * public key is {@code <data>/trust/provisioning-root.pub.pem}, placed at install.
 */
public final class BundleApplier {
    /** The provisioning root's public key, relative to the data folder. */
    public static final Path ROOT_FILE = Path.of("trust", "provisioning-root.pub.pem");
    /** The files of a snapshot. */
    public static final String CONFIG = "config.json";
    public static final String BUNDLE = "bundle.json";

    private final Path dataDir;
    private final BundleChecks checks;
    private final SnapshotStore snapshots;

    public BundleApplier(Path dataDir, BundleChecks checks) {
        this.dataDir = dataDir.toAbsolutePath();
        this.checks = checks;
        this.snapshots = new SnapshotStore(this.dataDir);
    }

    /** Verifies and applies {@code bundle} at {@code now}. */
    public ApplyOutcome apply(byte[] bundle, Instant now) throws IOException {
        Optional<DeviceKey> key = new DeviceKeyStore(dataDir).load();
        if (key.isEmpty()) return refused(ProvisionReason.NO_DEVICE_KEY, DeviceKeyStore.KEY_FILE.toString());
        Path rootFile = dataDir.resolve(ROOT_FILE);
        if (!Files.exists(rootFile)) return refused(ProvisionReason.NO_PROVISIONING_ROOT, ROOT_FILE.toString());
        PublicKey root;
        try {
            root = Pem.publicKey(Files.readString(rootFile, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return new ApplyOutcome.Refused(List.of(new Problem(ProvisionReason.BAD_PROVISIONING_ROOT, ROOT_FILE.toString(),
                    "已损坏或无法读取；请向医保中心重新索取根公钥文件，执行 provision root FILE --force 后再应用配置包")));
        }
        BundleVerifier verifier = new BundleVerifier(root, key.get(), currentConfig(), issuedInForce(), dataDir, checks);
        return switch (verifier.verify(bundle, now)) {
            case BundleVerdict.Refused(List<Problem> problems) -> new ApplyOutcome.Refused(problems);
            case BundleVerdict.Verified(VerifiedBundle verified) -> write(verified);
        };
    }

    private ApplyOutcome write(VerifiedBundle verified) throws IOException {
        OptionalInt current = snapshots.currentNumber();
        Optional<byte[]> currentBundle = snapshots.readCurrent(BUNDLE);
        if (current.isPresent() && currentBundle.isPresent() && sameBundle(currentBundle.get(), verified.digest())) {
            return new ApplyOutcome.AlreadyApplied(current.getAsInt(), verified);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(CONFIG, DeviceConfigJson.write(verified.config()));
        files.put("ca.pem", SnapshotStore.utf8(verified.caPem()));
        files.put("client.pem", SnapshotStore.utf8(verified.clientCertPem()));
        files.put("voucher-trust.json", verified.trustFile());
        files.put(BUNDLE, verified.raw());
        return new ApplyOutcome.Applied(snapshots.commit(files), verified);
    }

    /**
     * Whether {@code inForce} (the snapshot's bundle.json) carries the payload whose digest is
     * {@code digest}; one a disk fault damaged is no bundle, so the verified one replaces it.
     */
    private static boolean sameBundle(byte[] inForce, String digest) {
        try {
            return BundleVerifier.sha256(payloadOf(inForce)).equals(digest);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] payloadOf(byte[] bundle) throws IOException {
        return java.util.Base64.getUrlDecoder().decode(BundleJson.MAPPER.readTree(bundle).path("payload").asText(""));
    }

    /**
     * The issue time of the bundle in force, empty before the first apply or when that bundle
     * predates issue times (then any verified bundle may follow it).
     */
    public Optional<Instant> issuedInForce() throws IOException {
        Optional<byte[]> bundle = snapshots.readCurrent(BUNDLE);
        if (bundle.isEmpty()) return Optional.empty();
        try {
            return BundleVerifier.issuedAt(BundleJson.MAPPER.readTree(payloadOf(bundle.get())));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The configuration in force, if provisioned (a snapshot is only ever written valid), for this data folder. */
    public Optional<DeviceConfig> currentConfig() throws IOException {
        Optional<byte[]> bytes = snapshots.readCurrent(CONFIG);
        if (bytes.isEmpty()) return Optional.empty();
        return DeviceConfigJson.read(bytes.get()) instanceof ConfigResult.Valid(DeviceConfig config)
                ? Optional.of(inThisFolder(config)) : Optional.empty();
    }

    /**
     * {@code config} with its {@code data_dir} the folder it was read from: the snapshot records
     * the folder it was applied in, and a data folder copied or moved since (a new card, another
     * mount point) must find its TLS files and write its key stores in itself, not in the old place.
     */
    private DeviceConfig inThisFolder(DeviceConfig config) {
        return config.dataDir().toAbsolutePath().normalize().equals(dataDir.normalize()) ? config : config.withDataDir(dataDir);
    }

    private static ApplyOutcome refused(ProvisionReason reason, String path) {
        return new ApplyOutcome.Refused(List.of(new Problem(reason, path, "")));
    }
}
