package org.yibao.terminal.fleet;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.yibao.provisioning.diagnostics.DiagnosticsConfig;
import org.yibao.provisioning.selftest.DeviceChecks;

/**
 * What the centre's {@code selftest} and {@code diagnostics} commands look at besides the
 * database: the data folder and the run file, from which the diagnostics zip takes its logs and
 * configuration as {@code terminal diagnostics export} takes them, and the devices the running
 * service holds (checked with {@link DeviceChecks#whileServing}: status only, no test page).
 */
public record CommandSources(Path dataDir, Optional<Path> runFile, DeviceChecks.Devices devices) {
    public CommandSources {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runFile, "runFile");
        Objects.requireNonNull(devices, "devices");
    }

    /** The defaults for {@code dataDir}: no run file, no devices. */
    public static CommandSources of(Path dataDir) {
        return new CommandSources(dataDir, Optional.empty(), DeviceChecks.Devices.none());
    }

    /** The log folder, {@code <data>/logs} (as {@code terminal diagnostics export} takes it without {@code --log-dir}). */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /**
     * The run file and the provisioned configuration in force, or the note that the device was
     * never provisioned; looked up at each call, so a zip holds what is in force when it is made.
     */
    public DiagnosticsConfig config() {
        return DiagnosticsConfig.of(runFile, dataDir);
    }
}
