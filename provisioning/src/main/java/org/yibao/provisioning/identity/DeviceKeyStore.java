package org.yibao.provisioning.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.snapshot.AtomicFiles;

/**
 * Where the device key lives in the data folder: {@code keys/device.key} (PKCS#8 PEM, mode
 * 0600) and {@code keys/device.pub.pem}. An existing key is never replaced unless forced.
 * <p>
 * The private key is the key: it is written first, and the public key (and so the fingerprint)
 * is always computed from it, so an init cut short between the two files (power pulled, killed)
 * never pairs a new public key with the old private one (a fingerprint, and a bundle made for it,
 * whose private key does not exist). {@code device.pub.pem} is a copy for people and is written
 * again by the next {@code init} when it does not match.
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
            repairPublicCopy();
            return new Refused(new Problem(ProvisionReason.KEY_EXISTS, keyFile.toString(), "fingerprint "
                    + load().map(DeviceKey::fingerprint).orElse("unreadable")));
        }
        DeviceKey key = DeviceKey.generate(algorithm);
        Files.createDirectories(keyFile.getParent());
        AtomicFiles.write(keyFile, Pem.write(key.pair().getPrivate()).getBytes(StandardCharsets.US_ASCII), true);
        writePublicCopy(key);
        return new Created(key);
    }

    private void writePublicCopy(DeviceKey key) throws IOException {
        AtomicFiles.write(dataDir.resolve(PUBLIC_FILE), Pem.write(key.pair().getPublic()).getBytes(StandardCharsets.US_ASCII), false);
    }

    /** Writes {@code device.pub.pem} again when it is missing or is not the stored key's (an init cut short). */
    private void repairPublicCopy() throws IOException {
        Optional<DeviceKey> key = load();
        if (key.isEmpty()) return;
        Path pubFile = dataDir.resolve(PUBLIC_FILE);
        boolean matches = Files.exists(pubFile)
                && Pem.publicKey(Files.readString(pubFile, StandardCharsets.US_ASCII)).equals(key.get().pair().getPublic());
        if (!matches) writePublicCopy(key.get());
    }

    /** The stored key (its public half computed from the private key), or empty when none. */
    public Optional<DeviceKey> load() throws IOException {
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) return Optional.empty();
        PrivateKey priv = Pem.privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        PublicKey pub = publicOf(priv);
        return Optional.of(new DeviceKey(new KeyPair(pub, priv), KeyAlgorithm.of(pub)));
    }

    /**
     * The public key of an EC private key (P-256 or SM2): Q = d·G on its curve, encoded as a
     * generated key is (the private key's algorithm identifier, the named curve, and the
     * uncompressed point), so its fingerprint is the one {@code init} printed.
     */
    public static PublicKey publicOf(PrivateKey priv) throws IOException {
        if (!(priv instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec)) {
            throw new IOException("not an EC private key: " + priv.getAlgorithm());
        }
        org.bouncycastle.math.ec.ECPoint q = ec.getParameters().getG().multiply(ec.getD()).normalize();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(priv.getEncoded());
        return new JcaPEMKeyConverter().setProvider(Bc.provider())
                .getPublicKey(new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), q.getEncoded(false)));
    }
}
