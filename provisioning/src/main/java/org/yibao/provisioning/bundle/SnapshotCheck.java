package org.yibao.provisioning.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.provisioning.config.ConfigResult;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.json.JsonSyntax;

/**
 * Whether a configuration snapshot written by {@link BundleApplier} is whole enough to be put in
 * force again ({@code provision rollback}): every file it writes is present, the configuration is
 * valid, the two certificates parse and the trust file and the bundle are JSON; and when its
 * configuration names a client key inside the snapshot ({@code current/client.key}, as a
 * certificate renewal writes it), that key is there, readable and the key of its {@code client.pem}. A snapshot is
 * written completely before it gets its number, but a disk fault, a copy or a hand can still damage
 * one later, and switching to it would leave the terminal unable to start.
 */
public final class SnapshotCheck {
    private static final List<String> CERTIFICATES = List.of("ca.pem", "client.pem");
    private static final List<String> JSON_FILES = List.of("voucher-trust.json", BundleApplier.BUNDLE);

    private SnapshotCheck() {
    }

    /** What is wrong with the snapshot in {@code folder}, each naming its file; empty when it is whole. */
    public static List<Problem> problems(Path folder) {
        List<Problem> out = new ArrayList<>();
        Optional<DeviceConfig> config = config(folder.resolve(BundleApplier.CONFIG), out);
        for (String name : CERTIFICATES) certificate(folder.resolve(name), out);
        for (String name : JSON_FILES) json(folder.resolve(name), out);
        config.flatMap(c -> c.uplink().tls()).ifPresent(tls -> ownClientKey(folder, tls.clientKey(), out));
        return out;
    }

    /**
     * The certificates of the (whole) snapshot in {@code folder} that have expired by {@code now},
     * each naming its file and expiry: the client certificate a renewal replaced, say. The uplink
     * could not connect with one, and a device that cannot connect cannot renew it either.
     */
    public static List<Problem> expired(Path folder, Instant now) {
        List<Problem> out = new ArrayList<>();
        for (String name : CERTIFICATES) {
            certificate(folder.resolve(name), new ArrayList<>()).map(c -> c.getNotAfter().toInstant())
                    .filter(now::isAfter)
                    .ifPresent(to -> out.add(new Problem(ProvisionReason.SNAPSHOT_CERT_EXPIRED, name, "有效期至 " + to + "，已过期")));
        }
        return out;
    }

    private static Optional<DeviceConfig> config(Path file, List<Problem> out) {
        byte[] bytes = read(file, out);
        if (bytes == null) return Optional.empty();
        return switch (DeviceConfigJson.read(bytes)) {
            case ConfigResult.Valid(DeviceConfig config) -> Optional.of(config);
            case ConfigResult.Invalid(List<Problem> problems) -> {
                problems.forEach(p -> out.add(damaged(file, p.text())));
                yield Optional.empty();
            }
        };
    }

    private static Optional<X509Certificate> certificate(Path file, List<Problem> out) {
        byte[] bytes = read(file, out);
        if (bytes == null) return Optional.empty();
        try {
            return Optional.of(Pem.certificate(new String(bytes, StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            out.add(damaged(file, "证书无法读取：" + e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * A client key the configuration names inside the snapshot ({@code current/…}, a renewal's
     * own key): without it, or with another key, the uplink in force after the switch could not
     * connect. A key outside the snapshot (the device key) is not the snapshot's to check.
     */
    private static void ownClientKey(Path folder, Path key, List<Problem> out) {
        if (key.getNameCount() < 2 || !key.getName(0).toString().equals("current")) return;
        Path file = folder.resolve(key.subpath(1, key.getNameCount()).toString());
        byte[] bytes = read(file, out);
        if (bytes == null) return;
        PublicKey publicKey;
        try {
            publicKey = DeviceKeyStore.publicOf(Pem.privateKey(new String(bytes, StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            out.add(damaged(file, "私钥无法读取"));
            return;
        }
        Optional<X509Certificate> client = certificate(folder.resolve("client.pem"), new ArrayList<>());
        if (client.isPresent() && !DeviceKey.fingerprint(client.get().getPublicKey()).equals(DeviceKey.fingerprint(publicKey))) {
            out.add(damaged(file, "不是 client.pem 证书的私钥"));
        }
    }

    private static void json(Path file, List<Problem> out) {
        byte[] bytes = read(file, out);
        if (bytes == null) return;
        try {
            if (!BundleJson.MAPPER.readTree(bytes).isObject()) out.add(damaged(file, "应为 JSON 对象"));
        } catch (JsonProcessingException e) {
            out.add(damaged(file, JsonSyntax.describe(e)));
        } catch (IOException e) {
            out.add(damaged(file, "无法读取"));
        }
    }

    /** The file's bytes, or null with a problem when it is missing or unreadable. */
    private static byte[] read(Path file, List<Problem> out) {
        if (!Files.isRegularFile(file)) {
            out.add(damaged(file, "文件缺失"));
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            out.add(damaged(file, "无法读取"));
            return null;
        }
    }

    private static Problem damaged(Path file, String why) {
        return new Problem(ProvisionReason.SNAPSHOT_DAMAGED, file.getFileName().toString(), why);
    }
}
