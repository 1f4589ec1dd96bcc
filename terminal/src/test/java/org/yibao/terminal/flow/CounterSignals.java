package org.yibao.terminal.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.indicator.SimulatedIndicators;

/**
 * What the person at the counter saw and heard, read back from the simulated indicators' history
 * by the description {@link Signal} promises, not by its pattern's steps: success is the green
 * light with one short beep, a refusal the red light (steady) with two short beeps, a fault the
 * red light blinking with three long beeps; a settlement whose receipt did not print shows success
 * and then the fault. Read only once every pattern has played out.
 */
final class CounterSignals {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofMillis(400);

    private CounterSignals() {
    }

    /**
     * The signals {@code changes} show in turn (all outputs off before them): none, one, or success
     * then the fault (a settlement whose receipt did not print); fails on anything else.
     */
    static List<Signal> seen(List<SimulatedIndicators.Change> changes) {
        Map<Output, List<Duration>> on = onTimes(changes);
        List<Duration> green = on.get(Output.GREEN_LED);
        List<Duration> red = on.get(Output.RED_LED);
        List<Duration> beeps = on.get(Output.BUZZER);
        if (green.isEmpty() && red.isEmpty() && beeps.isEmpty()) return List.of();
        if (red.isEmpty() && green.size() == 1 && beeps.size() == 1 && shorterThan(beeps, SHORT)) {
            return List.of(Signal.SUCCESS);
        }
        if (green.isEmpty() && red.size() == 1 && beeps.size() == 2 && shorterThan(beeps, SHORT)) {
            return List.of(Signal.REFUSAL);
        }
        if (green.isEmpty() && isFault(red, beeps)) return List.of(Signal.FAULT);
        if (green.size() == 1 && beeps.size() == 4 && shorterThan(beeps.subList(0, 1), SHORT)
                && isFault(red, beeps.subList(1, 4)) && greenEndsBeforeRedStarts(changes)) {
            return List.of(Signal.SUCCESS, Signal.FAULT);
        }
        throw new AssertionError("not one of the promised signals (green+1 short beep, red+2 short beeps, "
                + "red blinking+3 long beeps, or the first then the last): " + changes);
    }

    private static boolean isFault(List<Duration> red, List<Duration> beeps) {
        return red.size() >= 3 && beeps.size() == 3 && beeps.stream().allMatch(b -> b.compareTo(LONG) >= 0);
    }

    private static boolean greenEndsBeforeRedStarts(List<SimulatedIndicators.Change> changes) {
        Duration greenOff = changes.stream().filter(c -> c.output() == Output.GREEN_LED && !c.on()).findFirst().orElseThrow().at();
        Duration redOn = changes.stream().filter(c -> c.output() == Output.RED_LED && c.on()).findFirst().orElseThrow().at();
        return greenOff.compareTo(redOn) <= 0;
    }

    private static boolean shorterThan(List<Duration> beeps, Duration limit) {
        return beeps.stream().allMatch(b -> b.compareTo(limit) < 0);
    }

    /** How long each output was on, one entry per time it came on; fails when one is still on. */
    private static Map<Output, List<Duration>> onTimes(List<SimulatedIndicators.Change> changes) {
        Map<Output, List<Duration>> on = new EnumMap<>(Output.class);
        Map<Output, Duration> since = new EnumMap<>(Output.class);
        for (Output o : Output.values()) on.put(o, new ArrayList<>());
        for (SimulatedIndicators.Change c : changes) {
            if (c.on()) {
                since.put(c.output(), c.at());
            } else if (since.containsKey(c.output())) {
                on.get(c.output()).add(c.at().minus(since.remove(c.output())));
            }
        }
        if (!since.isEmpty()) throw new AssertionError("still on after the pattern should have ended: " + since.keySet());
        return on;
    }
}
