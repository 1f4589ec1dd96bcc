package org.yibao.provisioning.diagnostics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.config.ProvisionReason;

/**
 * The configuration a diagnostics zip carries, chosen the same way for {@code terminal
 * diagnostics export} and for the zip a running terminal sends the centre: the run file when
 * there is one, and the provisioned configuration in force in the data folder
 * ({@value #PROVISIONED}, the {@code current} snapshot {@code provision apply} writes). Each goes
 * in as {@code config/<file name>}; beside a run file itself named {@code config.json}, the
 * provisioned one goes in as {@code config/provisioned-config.json}.
 * A device never provisioned has only its run file, and {@link #notProvisioned()} is the text of
 * the entry {@value #NOT_PROVISIONED_ENTRY} that says so.
 */
public record DiagnosticsConfig(List<Path> files, Optional<String> notProvisioned) {
    /** The provisioned configuration in force, relative to the data folder. */
    public static final String PROVISIONED = "current/" + BundleApplier.CONFIG;
    /** The entry saying the device was never provisioned (present only then). */
    public static final String NOT_PROVISIONED_ENTRY = "config/not-provisioned.txt";

    public DiagnosticsConfig {
        files = List.copyOf(files);
        Objects.requireNonNull(notProvisioned, "notProvisioned");
    }

    /**
     * The configuration of the terminal whose data folder is {@code dataDir}, with its run file
     * {@code runFile} (empty: none given). Looked up when called, so a zip made while the
     * service runs holds the configuration in force at that moment.
     */
    public static DiagnosticsConfig of(Optional<Path> runFile, Path dataDir) {
        Path provisioned = dataDir.resolve(PROVISIONED);
        List<Path> files = new ArrayList<>();
        runFile.ifPresent(files::add);
        if (!Files.isRegularFile(provisioned)) return new DiagnosticsConfig(files, Optional.of(notProvisionedText(runFile)));
        if (runFile.isEmpty() || !sameFile(runFile.get(), provisioned)) files.add(provisioned);
        return new DiagnosticsConfig(files, Optional.empty());
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false; // one of them is not there: not the same file
        }
    }

    private static String notProvisionedText(Optional<Path> runFile) {
        String has = runFile.map(f -> "压缩包中的配置只有运行配置文件 config/" + f.getFileName())
                .orElse("也未给出运行配置文件，压缩包中没有配置");
        return ProvisionReason.NOT_PROVISIONED.code() + " " + ProvisionReason.NOT_PROVISIONED.message()
                + "：数据目录中没有配置快照 " + PROVISIONED + "（由 provision apply 写入），" + has + "\n";
    }
}
