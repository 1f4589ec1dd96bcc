package org.yibao.provisioning.diagnostics;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What goes into a diagnostics export: the log folder, the configuration ({@link DiagnosticsConfig}: the
 * run file, the provisioned configuration in force or a note that there is none), the versions
 * the caller knows (app, policy, catalogue, trust file; JDK and OS are added), the terminal
 * database (for the backlog summary only) and the self-test report as JSON.
 */
public record DiagnosticsBundle(Path logDir, DiagnosticsConfig config, Map<String, String> versions,
                                Path databaseFile, String selftestJson) {
    public DiagnosticsBundle {
        Objects.requireNonNull(config, "config");
        versions = Map.copyOf(versions);
        Objects.requireNonNull(databaseFile, "databaseFile");
        selftestJson = selftestJson == null ? "{}" : selftestJson;
    }
}
