package org.yibao.terminal.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.yibao.provisioning.selftest.DeviceChecks;

/**
 * What the centre's {@code selftest} and {@code diagnostics} commands look at besides the
 * database: the log folder and configuration files that go into the diagnostics zip (as
 * {@code terminal diagnostics export} takes them), and the devices the running service holds
 * (checked with {@link DeviceChecks#whileServing}: status only, no test page).
 */
public record CommandSources(Path logDir, List<Path> configFiles, DeviceChecks.Devices devices) {
    public CommandSources {
        Objects.requireNonNull(logDir, "logDir");
        configFiles = List.copyOf(configFiles);
        Objects.requireNonNull(devices, "devices");
    }

    /** The defaults for {@code dataDir}: logs in {@code <data>/logs}, no configuration file, no devices. */
    public static CommandSources of(Path dataDir) {
        return new CommandSources(dataDir.resolve("logs"), List.of(), DeviceChecks.Devices.none());
    }
}
