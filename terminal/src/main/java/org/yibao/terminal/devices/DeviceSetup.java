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
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;

/**
 * Where the devices of {@code run} and {@code selftest} come from, first match wins: a
 * {@code devices:} section in the run configuration file (the same shape as the provisioned
 * {@code config.json}'s), else the provisioned configuration in force in the data folder, else
 * none (the service then uses the simulated printer and indicators, and the self-test skips the
 * device checks).
 */
public final class DeviceSetup {
    private DeviceSetup() {
    }

    /** The devices for {@code configFile} (may be null) and {@code dataDir}; a bad section is an {@link IllegalArgumentException}. */
    public static Optional<DeviceConfig.Devices> resolve(Path configFile, Path dataDir) throws IOException {
        if (configFile != null) {
            JsonNode section = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(configFile)).get("devices");
            if (section != null && !section.isNull()) {
                List<Problem> problems = new ArrayList<>();
                DeviceConfig.Devices devices = DeviceConfigJson.readDevices(section, problems);
                if (devices == null) {
                    throw new IllegalArgumentException("devices: " + String.join("; ", problems.stream().map(Problem::text).toList()));
                }
                return Optional.of(devices);
            }
        }
        return new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig().map(DeviceConfig::devices);
    }
}
