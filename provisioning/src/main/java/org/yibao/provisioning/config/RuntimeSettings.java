package org.yibao.provisioning.config;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The only settings that may change while the terminal runs (a fleet update or a rollback
 * changes them without a restart): the offline and kiosk limits. Everything else in a
 * {@link DeviceConfig} needs a restart. Readers always see one consistent pair.
 */
public interface RuntimeSettings {
    /** The offline backpressure limits in force now. */
    DeviceConfig.OfflineLimits offline();

    /** The kiosk limits in force now. */
    DeviceConfig.KioskLimits kiosk();

    /** Settings that start as {@code config}'s and follow each {@link Live#apply(DeviceConfig)}. */
    static Live from(DeviceConfig config) {
        return new Live(config);
    }

    /** The one mutable holder: swaps both limits at once from a newly sealed configuration. */
    final class Live implements RuntimeSettings {
        private record Pair(DeviceConfig.OfflineLimits offline, DeviceConfig.KioskLimits kiosk) {
        }

        private final AtomicReference<Pair> current = new AtomicReference<>();

        private Live(DeviceConfig config) {
            apply(config);
        }

        /** Takes the limits of {@code config} (already validated, being a DeviceConfig). */
        public void apply(DeviceConfig config) {
            Objects.requireNonNull(config, "config");
            current.set(new Pair(config.offline(), config.kiosk()));
        }

        @Override public DeviceConfig.OfflineLimits offline() {
            return current.get().offline();
        }

        @Override public DeviceConfig.KioskLimits kiosk() {
            return current.get().kiosk();
        }
    }
}
