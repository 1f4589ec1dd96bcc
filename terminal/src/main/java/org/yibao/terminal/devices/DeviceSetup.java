package org.yibao.terminal.devices;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.terminal.provision.ConfigSections;

/**
 * Where the devices of {@code run} and {@code selftest}, and the voucher settings of {@code run},
 * come from, each section on its own, first match wins ({@link ConfigSections}): a {@code devices:}
 * (or {@code voucher:}) section in the run configuration file (the same shape as the provisioned
 * {@code config.json}'s), else the provisioned configuration in force in the data folder, else none
 * (the service then uses the simulated printer and indicators, and the self-test skips the device
 * checks) or, for the voucher, the default skew of 30 s.
 */
public final class DeviceSetup {
    private DeviceSetup() {
    }

    /** The devices for {@code configFile} (may be null) and {@code dataDir}; a bad section is an {@link IllegalArgumentException}. */
    public static Optional<DeviceConfig.Devices> resolve(Path configFile, Path dataDir) throws IOException {
        return ConfigSections.read(configFile, dataDir).sectionOrThrow("devices", DeviceConfigJson::readDevices, DeviceConfig::devices);
    }

    /** The voucher settings for {@code configFile} (may be null) and {@code dataDir}; a bad section is an {@link IllegalArgumentException}. */
    public static DeviceConfig.Voucher voucher(Path configFile, Path dataDir) throws IOException {
        return ConfigSections.read(configFile, dataDir).sectionOrThrow("voucher", DeviceConfigJson::readVoucher, DeviceConfig::voucher)
                .orElse(DeviceConfig.Voucher.DEFAULT);
    }
}
