package org.yibao.drivers.indicator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A timed sequence of output states. Each step turns exactly its outputs on (all others off)
 * for its duration; after the last step every output is off.
 */
public record SignalPattern(List<Step> steps) {

    public SignalPattern {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("a pattern needs at least one step");
    }

    /** Outputs on for a while. */
    public record Step(Set<Output> on, Duration duration) {
        public Step {
            on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("step must last > 0");
        }
    }

    /** Total length of the pattern. */
    public Duration length() {
        return steps.stream().map(Step::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The default pattern of each signal, distinct in colour and in beeps. */
    public static SignalPattern of(Signal signal) {
        return switch (signal) {
            case SUCCESS -> new SignalPattern(List.of(
                    step(150, Output.GREEN_LED, Output.BUZZER),
                    step(1850, Output.GREEN_LED)));
            case REFUSAL -> new SignalPattern(List.of(
                    step(150, Output.RED_LED, Output.BUZZER),
                    step(150, Output.RED_LED),
                    step(150, Output.RED_LED, Output.BUZZER),
                    step(1550, Output.RED_LED)));
            case FAULT -> new SignalPattern(List.of(
                    step(500, Output.RED_LED, Output.BUZZER),
                    step(250),
                    step(500, Output.RED_LED, Output.BUZZER),
                    step(250),
                    step(500, Output.RED_LED, Output.BUZZER),
                    step(2000, Output.RED_LED)));
        };
    }

    /** The silence between two signals played in turn ({@link #inTurn}). */
    static final Duration GAP = Duration.ofMillis(500);

    /**
     * {@code first}'s pattern, a {@link #GAP} with every output off, then {@code then}'s: two
     * outcomes of one event told apart (a settlement that succeeded and a printer that needs staff).
     */
    public static SignalPattern inTurn(Signal first, Signal then) {
        List<Step> steps = new ArrayList<>(of(first).steps());
        steps.add(new Step(Set.of(), GAP));
        steps.addAll(of(then).steps());
        return new SignalPattern(steps);
    }

    private static Step step(long millis, Output... on) {
        return new Step(on.length == 0 ? Set.of() : EnumSet.of(on[0], on), Duration.ofMillis(millis));
    }
}
