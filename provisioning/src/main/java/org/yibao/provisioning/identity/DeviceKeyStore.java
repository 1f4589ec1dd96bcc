package org.yibao.provisioning.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.snapshot.AtomicFiles;

/**
 * Where the device key lives in the data folder: {@code keys/device.key} (PKCS#8 PEM, mode
 * 0600) and {@code keys/device.pub.pem}. An existing key is never replaced unless forced.
 */
public final class DeviceKeyStore {
    /** The private key file, relative to the data folder. */
    public static final Path KEY_FILE = Path.of("keys", "device.key");
    /** The public key file, relative to the data folder. */
    public static final Path PUBLIC_FILE = Path.of("keys", "device.pub.pem");

    private final Path dataDir;

    public DeviceKeyStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The outcome of {@link #init}: a new key, or a refusal. */
    public sealed interface InitOutcome permits Created, Refused {
    }

    /** A new key was made and stored. */
    public record Created(DeviceKey key) implements InitOutcome {
    }

    /** Nothing was written. */
    public record Refused(Problem problem) implements InitOutcome {
    }

    /** Generates and stores a key unless one exists ({@code force} replaces it). */
    public InitOutcome init(KeyAlgorithm algorithm, boolean force) throws IOException {
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(keyFile) && !force) {
            return new Refused(new Problem(ProvisionReason.KEY_EXISTS, keyFile.toString(), "fingerprint "
                    + load().map(DeviceKey::fingerprint).orElse("unreadable")));
        }
        DeviceKey key = DeviceKey.generate(algorithm);
        Files.createDirectories(keyFile.getParent());
        AtomicFiles.write(dataDir.resolve(PUBLIC_FILE), Pem.write(key.pair().getPublic()).getBytes(StandardCharsets.US_ASCII), false);
        AtomicFiles.write(keyFile, Pem.write(key.pair().getPrivate()).getBytes(StandardCharsets.US_ASCII), true);
        return new Created(key);
    }

    /** The stored key, or empty when none (or unreadable). */
    public Optional<DeviceKey> load() throws IOException {
        Path keyFile = dataDir.resolve(KEY_FILE);
        Path pubFile = dataDir.resolve(PUBLIC_FILE);
        if (!Files.exists(keyFile) || !Files.exists(pubFile)) return Optional.empty();
        PrivateKey priv = Pem.privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        PublicKey pub = Pem.publicKey(Files.readString(pubFile, StandardCharsets.US_ASCII));
        return Optional.of(new DeviceKey(new KeyPair(pub, priv), KeyAlgorithm.of(pub)));
    }
}
