package org.yibao.terminal.app;

import java.time.Duration;
import java.util.Optional;
import org.yibao.provisioning.config.DeviceConfig;

/**
 * How long the terminal keeps a person's data after it last saw them, from a device
 * configuration's {@code retention.person_days}: the cached 1101 answer with the ID number, the
 * live figures, and the recorded answers that name the person and moved no money
 * ({@link PersonDataPurge}). Settlements, receipts and claims have retentions of their own.
 */
public final class PersonRetention {
    /** When no configuration names it: 180 days, as printed receipts. */
    public static final Duration DEFAULT = Duration.ofDays(180);

    private PersonRetention() {
    }

    /** {@code retention.person_days}, else {@link #DEFAULT}. */
    public static Duration of(Optional<DeviceConfig.Retention> retention) {
        return retention.map(DeviceConfig.Retention::personDays).map(days -> Duration.ofDays(days)).orElse(DEFAULT);
    }
}
