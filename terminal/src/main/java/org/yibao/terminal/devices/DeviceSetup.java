package org.yibao.terminal.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;

/**
 * Where the devices of {@code run} and {@code selftest}, and the voucher settings of {@code run},
 * come from, each section on its own, first match wins: a {@code devices:} (or {@code voucher:})
 * section in the run configuration file (the same shape as the provisioned {@code config.json}'s),
 * else the provisioned configuration in force in the data folder, else none (the service then
 * uses the simulated printer and indicators, and the self-test skips the device checks) or, for
 * the voucher, the default skew of 30 s.
 */
public final class DeviceSetup {
    private DeviceSetup() {
    }

    /** The devices for {@code configFile} (may be null) and {@code dataDir}; a bad section is an {@link IllegalArgumentException}. */
    public static Optional<DeviceConfig.Devices> resolve(Path configFile, Path dataDir) throws IOException {
        Optional<DeviceConfig.Devices> inFile = runFileSection(configFile, "devices", DeviceConfigJson::readDevices);
        return inFile.isPresent() ? inFile : provisioned(dataDir).map(DeviceConfig::devices);
    }

    /** The voucher settings for {@code configFile} (may be null) and {@code dataDir}; a bad section is an {@link IllegalArgumentException}. */
    public static DeviceConfig.Voucher voucher(Path configFile, Path dataDir) throws IOException {
        Optional<DeviceConfig.Voucher> inFile = runFileSection(configFile, "voucher", DeviceConfigJson::readVoucher);
        return inFile.isPresent() ? inFile.get()
                : provisioned(dataDir).map(DeviceConfig::voucher).orElse(DeviceConfig.Voucher.DEFAULT);
    }

    private static <T> Optional<T> runFileSection(Path configFile, String key, BiFunction<JsonNode, List<Problem>, T> read)
            throws IOException {
        if (configFile == null) return Optional.empty();
        JsonNode section = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(configFile)).get(key);
        if (section == null || section.isNull()) return Optional.empty();
        List<Problem> problems = new ArrayList<>();
        T parsed = read.apply(section, problems);
        if (parsed == null) {
            throw new IllegalArgumentException(key + ": " + String.join("; ", problems.stream().map(Problem::text).toList()));
        }
        return Optional.of(parsed);
    }

    private static Optional<DeviceConfig> provisioned(Path dataDir) throws IOException {
        return new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig();
    }
}
