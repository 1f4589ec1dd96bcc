package org.yibao.terminal.devices;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.indicator.SignalPattern;
import org.yibao.drivers.indicator.SimulatedIndicators;

/**
 * The simulated indicators {@code terminal run} uses when no devices are configured (the README's
 * default: "no devices (the simulated printer and indicators …)"), over a service's long life.
 *
 * <p>Found by the black-box soak (bbsoak, 2026-12-05): {@code terminal run} with the package's JVM
 * options, ~4 settlements a second for 22 minutes. Class histograms after a full GC
 * ({@code jcmd PID GC.class_histogram}, 133 s and 574 s into a run) grew by one
 * {@code ManualScheduler$Task}, one {@code SignalPattern}, two {@code SignalPattern$Step} and two
 * {@code Duration} per settlement (1,545 of each in 441 s, ≈ 220 bytes a settlement, never
 * released): the run's {@code SimulatedIndicators} is timed by a {@code ManualScheduler} that
 * nothing advances, so every pattern's next step waits in its queue forever (a cancelled task
 * leaves the queue only "until their time passes", which never comes), and the green LED and the
 * buzzer of the twin stay on after the first settlement.
 */
class RunSimulatedIndicatorsTest {
    @TempDir Path tmp;

    @Test
    void aSuccessSignalUnderRunEndsWhenItsPatternIsOverAsOnADevice() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("bare"));
        try (RunDevices run = RunDevices.open(null, data)) {
            SimulatedIndicators indicators = assertInstanceOf(SimulatedIndicators.class, run.flow().indicators());
            indicators.signal(Signal.SUCCESS);
            assertTrue(indicators.isOn(Output.GREEN_LED), "the pattern's first step is applied at once");
            Duration length = SignalPattern.of(Signal.SUCCESS).length();
            long deadline = System.nanoTime() + length.plusSeconds(3).toNanos();
            while ((indicators.isOn(Output.GREEN_LED) || indicators.isOn(Output.BUZZER)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(indicators.isOn(Output.BUZZER), "buzzer still on " + length.plusSeconds(3) + " after a SUCCESS of " + length);
            assertFalse(indicators.isOn(Output.GREEN_LED), "green LED still on " + length.plusSeconds(3) + " after a SUCCESS of " + length);
        }
    }

    @Test
    void aLongLifeOfSettlementsDoesNotAccumulateInTheRunsSimulatedIndicators() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("bare"));
        try (RunDevices run = RunDevices.open(null, data)) {
            SimulatedIndicators indicators = assertInstanceOf(SimulatedIndicators.class, run.flow().indicators());
            for (int i = 0; i < 1_000; i++) indicators.signal(Signal.SUCCESS);   // warm-up
            long before = HeapUse.usedAfterGc();
            int signals = 200_000;   // a busy counter's few months; ≈ 44 MB retained at the measured rate
            for (int i = 0; i < signals; i++) {
                if (i % 10 == 0) indicators.signal(Signal.SUCCESS, Signal.FAULT);
                else indicators.signal(i % 3 == 0 ? Signal.REFUSAL : Signal.SUCCESS);
            }
            long grown = HeapUse.usedAfterGc() - before;
            assertTrue(grown < 8L << 20, "heap retained after " + signals + " signals: " + (grown >> 10)
                    + " KiB (" + grown / signals + " bytes a signal); the service's heap is 64 MB (-Xmx64m)");
            indicators.signal(Signal.SUCCESS);   // keeps the indicators reachable until after the measurement
        }
    }
}
