package org.yibao.provisioning.config;

import java.util.List;

/** A configuration read or built: valid and sealed, or every problem with its key path. */
public sealed interface ConfigResult permits ConfigResult.Valid, ConfigResult.Invalid {
    /** A sealed configuration. */
    record Valid(DeviceConfig config) implements ConfigResult {
    }

    /** Not a configuration: at least one problem. */
    record Invalid(List<Problem> problems) implements ConfigResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) throw new IllegalArgumentException("Invalid without problems");
        }
    }
}
