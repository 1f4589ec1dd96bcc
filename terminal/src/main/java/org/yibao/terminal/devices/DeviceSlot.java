package org.yibao.terminal.devices;

import java.util.Objects;

/**
 * One device as the configuration made it: the real adapter, the simulated twin (configured as
 * {@code "simulated"}), or a device that is configured but could not be made, with why.
 */
public sealed interface DeviceSlot<T> permits DeviceSlot.Real, DeviceSlot.Simulated, DeviceSlot.Failed {
    /** The real adapter; {@code what} names it for a technician ({@code tcp 192.168.1.50:9100}). */
    record Real<T>(T port, String what) implements DeviceSlot<T> {
        public Real {
            Objects.requireNonNull(port, "port");
        }
    }

    /** The simulated twin. */
    record Simulated<T>(T port) implements DeviceSlot<T> {
        public Simulated {
            Objects.requireNonNull(port, "port");
        }
    }

    /** Configured but not made; {@code why} is fit to show a technician. */
    record Failed<T>(String why) implements DeviceSlot<T> {
    }
}
