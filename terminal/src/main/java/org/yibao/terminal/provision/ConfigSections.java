package org.yibao.terminal.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.Problem;

/**
 * The sections a run configuration ({@code terminal run --config FILE}) shares with the
 * provisioned {@code config.json} (same key names and value forms), each resolved on its own,
 * first match wins: the run file's section, else the provisioned configuration in force in the
 * data folder, else none (the caller's default). A run-file section that is not acceptable is a
 * problem naming its fields, never a reason to fall back; problems collect in {@link #problems()}.
 */
public final class ConfigSections {
    private final JsonNode runFile;
    private final Path dataDir;
    private final List<Problem> problems = new ArrayList<>();
    private Optional<DeviceConfig> provisioned;

    private ConfigSections(JsonNode runFile, Path dataDir) {
        this.runFile = runFile == null ? MissingNode.getInstance() : runFile;
        this.dataDir = dataDir;
    }

    /** The sections of {@code runFile} (its parsed root; null for none) over the configuration provisioned in {@code dataDir} (null for none). */
    public static ConfigSections of(JsonNode runFile, Path dataDir) {
        return new ConfigSections(runFile, dataDir);
    }

    /** As {@link #of(JsonNode, Path)}, reading {@code configFile} (YAML or JSON; null for none). */
    public static ConfigSections read(Path configFile, Path dataDir) throws IOException {
        return of(configFile == null ? null : new ObjectMapper(new YAMLFactory()).readTree(RunFileBytes.read(configFile)), dataDir);
    }

    /**
     * Section {@code key}: the run file's, parsed and validated by {@code read} (which fills its
     * problems list and answers null when the section is not acceptable), else {@code fromProvisioned}
     * of the provisioned configuration, else empty. Empty too when the run file's is not acceptable.
     */
    public <T> Optional<T> section(String key, BiFunction<JsonNode, List<Problem>, T> read,
                                   Function<DeviceConfig, T> fromProvisioned) throws IOException {
        JsonNode section = runFile.get(key);
        if (section == null || section.isNull()) return provisioned().map(fromProvisioned);
        List<Problem> found = new ArrayList<>();
        T parsed = read.apply(section, found);
        problems.addAll(found);
        return Optional.ofNullable(parsed);
    }

    /** As {@link #section}, throwing {@link ConfigFileException} ("key: problems") when the run file's is not acceptable. */
    public <T> Optional<T> sectionOrThrow(String key, BiFunction<JsonNode, List<Problem>, T> read,
                                          Function<DeviceConfig, T> fromProvisioned) throws IOException {
        int before = problems.size();
        Optional<T> resolved = section(key, read, fromProvisioned);
        if (problems.size() > before) {
            throw ConfigFileException.of(key, problems.subList(before, problems.size()));
        }
        return resolved;
    }

    /** What was wrong with the run file's sections read so far, in reading order. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    private Optional<DeviceConfig> provisioned() throws IOException {
        if (provisioned == null) {
            provisioned = dataDir == null ? Optional.empty() : new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig();
        }
        return provisioned;
    }
}
