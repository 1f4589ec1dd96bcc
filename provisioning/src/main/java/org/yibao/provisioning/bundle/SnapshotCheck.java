package org.yibao.provisioning.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yibao.provisioning.config.ConfigResult;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.json.JsonSyntax;

/**
 * Whether a configuration snapshot written by {@link BundleApplier} is whole enough to be put in
 * force again ({@code provision rollback}): every file it writes is present, the configuration is
 * valid, the two certificates parse and the trust file and the bundle are JSON. A snapshot is
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
        config(folder.resolve(BundleApplier.CONFIG), out);
        for (String name : CERTIFICATES) certificate(folder.resolve(name), out);
        for (String name : JSON_FILES) json(folder.resolve(name), out);
        return out;
    }

    private static void config(Path file, List<Problem> out) {
        byte[] bytes = read(file, out);
        if (bytes == null) return;
        if (DeviceConfigJson.read(bytes) instanceof ConfigResult.Invalid(List<Problem> problems)) {
            problems.forEach(p -> out.add(damaged(file, p.text())));
        }
    }

    private static void certificate(Path file, List<Problem> out) {
        byte[] bytes = read(file, out);
        if (bytes == null) return;
        try {
            Pem.certificate(new String(bytes, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            out.add(damaged(file, "证书无法读取：" + e.getMessage()));
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
