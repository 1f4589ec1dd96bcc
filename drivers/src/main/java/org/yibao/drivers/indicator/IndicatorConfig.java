package org.yibao.drivers.indicator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validated, immutable GPIO wiring of the indicators: which BCM pin drives each output, at
 * which level it is active, and its safe state (what it shows after shutdown); and the
 * optional kiosk button. Pins are BCM 0..27 (the 40-pin header) and must be distinct.
 */
public record IndicatorConfig(Map<Output, OutputPin> outputs, Optional<ButtonPin> button) {

    public IndicatorConfig {
        outputs = Map.copyOf(new EnumMap<>(Objects.requireNonNull(outputs, "outputs")));
        Objects.requireNonNull(button, "button");
        Set<Integer> used = new HashSet<>();
        for (OutputPin p : outputs.values()) {
            if (!used.add(p.bcm())) throw new IllegalArgumentException("BCM pin " + p.bcm() + " used twice");
        }
        if (button.isPresent() && !used.add(button.get().bcm())) {
            throw new IllegalArgumentException("button BCM pin " + button.get().bcm() + " is also an output");
        }
    }

    /** One output: BCM pin, active level, and whether it is on (true) or off in the safe state. */
    public record OutputPin(int bcm, boolean activeHigh, boolean safeOn) {
        public OutputPin {
            checkPin(bcm);
        }
    }

    /** The button: BCM pin, active low (pressed pulls to ground, pull-up on), debounce. */
    public record ButtonPin(int bcm, boolean activeLow, Duration debounce) {
        public ButtonPin {
            checkPin(bcm);
            Objects.requireNonNull(debounce, "debounce");
            if (debounce.isNegative() || debounce.toMillis() > 1000) {
                throw new IllegalArgumentException("debounce must be 0..1000 ms, was " + debounce.toMillis() + " ms");
            }
        }
    }

    /** A typical kiosk: green LED on BCM 17, red on 27, buzzer on 22, button on 23 (to ground). */
    public static IndicatorConfig kioskDefault() {
        return new IndicatorConfig(Map.of(
                Output.GREEN_LED, new OutputPin(17, true, false),
                Output.RED_LED, new OutputPin(27, true, false),
                Output.BUZZER, new OutputPin(22, true, false)),
                Optional.of(new ButtonPin(23, true, Duration.ofMillis(20))));
    }

    private static void checkPin(int bcm) {
        if (bcm < 0 || bcm > 27) throw new IllegalArgumentException("BCM pin must be 0..27, was " + bcm);
    }
}
