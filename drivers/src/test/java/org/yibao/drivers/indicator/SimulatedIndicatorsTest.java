package org.yibao.drivers.indicator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedIndicatorsTest {
    private final ManualScheduler clock = new ManualScheduler();

    private static SimulatedIndicators.Change at(long ms, Output o, boolean on) {
        return new SimulatedIndicators.Change(Duration.ofMillis(ms), o, on);
    }

    @Test
    void successHistoryIsTheDocumentedPattern() {
        SimulatedIndicators sim = new SimulatedIndicators(clock);
        sim.signal(Signal.SUCCESS);
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of(
                at(0, Output.GREEN_LED, true), at(0, Output.BUZZER, true),
                at(150, Output.BUZZER, false),
                at(2000, Output.GREEN_LED, false)), sim.history());
    }

    @Test
    void twoSignalsInTurnPlayTheFirstAGapThenTheSecond() {
        SimulatedIndicators both = new SimulatedIndicators(clock);
        both.signal(Signal.SUCCESS, Signal.FAULT);
        clock.advance(Duration.ofSeconds(10));

        List<SimulatedIndicators.Change> expected = new ArrayList<>(played(Signal.SUCCESS));
        Duration second = SignalPattern.of(Signal.SUCCESS).length().plus(SignalPattern.GAP);
        for (SimulatedIndicators.Change c : played(Signal.FAULT)) {
            expected.add(new SimulatedIndicators.Change(c.at().plus(second), c.output(), c.on()));
        }
        assertEquals(expected, both.history());
        assertFalse(both.isOn(Output.GREEN_LED) || both.isOn(Output.RED_LED) || both.isOn(Output.BUZZER));
    }

    @Test
    void aNewSignalCutsShortTwoInTurn() {
        SimulatedIndicators sim = new SimulatedIndicators(clock);
        sim.signal(Signal.SUCCESS, Signal.FAULT);
        clock.advance(Duration.ofMillis(1000));
        sim.signal(Signal.REFUSAL);
        clock.advance(Duration.ofSeconds(10));
        assertTrue(sim.history().stream().noneMatch(c -> c.output() == Output.RED_LED && c.on() && c.at().toMillis() > 2000),
                "the fault never played: " + sim.history());
    }

    private static List<SimulatedIndicators.Change> played(Signal signal) {
        ManualScheduler c = new ManualScheduler();
        SimulatedIndicators sim = new SimulatedIndicators(c);
        sim.signal(signal);
        c.advance(Duration.ofSeconds(10));
        return sim.history();
    }

    @Test
    void theThreeSignalsAreDistinct() {
        List<List<SimulatedIndicators.Change>> histories = new ArrayList<>();
        for (Signal s : Signal.values()) {
            ManualScheduler c = new ManualScheduler();
            SimulatedIndicators sim = new SimulatedIndicators(c);
            sim.signal(s);
            c.advance(Duration.ofSeconds(10));
            histories.add(sim.history());
            assertFalse(sim.isOn(Output.GREEN_LED) || sim.isOn(Output.RED_LED) || sim.isOn(Output.BUZZER));
        }
        assertNotEquals(histories.get(0), histories.get(1));
        assertNotEquals(histories.get(1), histories.get(2));
        assertNotEquals(histories.get(0), histories.get(2));
    }

    @Test
    void pressButtonFiresTheListeners() {
        SimulatedIndicators sim = new SimulatedIndicators(clock);
        List<ButtonEvent> events = new ArrayList<>();
        sim.onButton(events::add);
        sim.pressButton();
        sim.releaseButton();
        assertEquals(List.of(ButtonEvent.PRESSED, ButtonEvent.RELEASED), events);
        sim.close();
        sim.pressButton();
        assertEquals(2, events.size(), "a closed device fires nothing");
    }

    @Test
    void closeGoesToTheSafeState() {
        SimulatedIndicators sim = new SimulatedIndicators(clock, Map.of(Output.RED_LED, true, Output.BUZZER, false));
        sim.signal(Signal.SUCCESS);
        assertTrue(sim.isOn(Output.BUZZER));
        sim.close();
        assertTrue(sim.isOn(Output.RED_LED));
        assertFalse(sim.isOn(Output.BUZZER));
        assertFalse(sim.isOn(Output.GREEN_LED), "an output not configured is never on");
        assertEquals(0, clock.pending());
    }

    @Test
    void configurationRejectsSharedPins() {
        assertThrows(IllegalArgumentException.class, () -> new IndicatorConfig(Map.of(
                Output.GREEN_LED, new IndicatorConfig.OutputPin(17, true, false),
                Output.RED_LED, new IndicatorConfig.OutputPin(17, true, false)), java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new IndicatorConfig.OutputPin(40, true, false));
    }

    @Test
    void aPatternCutShortLeavesNothingQueuedAndTheHistoryKeepsOnlyTheLastChanges() {
        SimulatedIndicators sim = new SimulatedIndicators(clock);
        for (int i = 0; i < 5_000; i++) sim.signal(i % 2 == 0 ? Signal.SUCCESS : Signal.REFUSAL);
        assertTrue(clock.pending() <= 4, "a cancelled step leaves the queue at once: " + clock.pending() + " waiting");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(SimulatedIndicators.HISTORY_KEPT, sim.history().size());
        assertFalse(sim.isOn(Output.GREEN_LED) || sim.isOn(Output.RED_LED) || sim.isOn(Output.BUZZER), "the last pattern ended");
    }

    @Test
    void inRealTimeAPatternEndsOnItsOwn() throws Exception {
        SimulatedIndicators sim = SimulatedIndicators.realTime();
        try {
            sim.signal(Signal.SUCCESS);
            assertTrue(sim.isOn(Output.GREEN_LED));
            long deadline = System.nanoTime() + SignalPattern.of(Signal.SUCCESS).length().plusSeconds(5).toNanos();
            while (sim.isOn(Output.GREEN_LED) && System.nanoTime() < deadline) Thread.sleep(20);
            assertFalse(sim.isOn(Output.GREEN_LED) || sim.isOn(Output.BUZZER), "the success pattern ended by itself");
            assertEquals(List.of(Output.GREEN_LED, Output.BUZZER, Output.BUZZER, Output.GREEN_LED),
                    sim.history().stream().map(SimulatedIndicators.Change::output).toList());
        } finally {
            sim.close();
        }
    }
}
