package org.yibao.drivers.indicator;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pi4J adapter on Pi4J's mock plugin; time is driven by hand. */
class Pi4jIndicatorsTest {
    private Context pi4j;
    private final ManualScheduler clock = new ManualScheduler();

    @BeforeEach
    void context() {
        pi4j = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
    }

    @AfterEach
    void shutdown() {
        if (!pi4j.isShutdown()) pi4j.shutdown();
    }

    private DigitalOutput out(Output o) {
        return pi4j.registry().get("yibao-" + o.name().toLowerCase().replace('_', '-'), DigitalOutput.class);
    }

    private String levels() {
        return "green=" + out(Output.GREEN_LED).state() + " red=" + out(Output.RED_LED).state()
                + " buzzer=" + out(Output.BUZZER).state();
    }

    @Test
    void successIsGreenWithOneShortBeep() {
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock);
        assertEquals("green=LOW red=LOW buzzer=LOW", levels());
        indicators.signal(Signal.SUCCESS);
        assertEquals("green=HIGH red=LOW buzzer=HIGH", levels());
        clock.advance(Duration.ofMillis(150));
        assertEquals("green=HIGH red=LOW buzzer=LOW", levels());
        clock.advance(Duration.ofMillis(1849));
        assertEquals("green=HIGH red=LOW buzzer=LOW", levels());
        clock.advance(Duration.ofMillis(1));
        assertEquals("green=LOW red=LOW buzzer=LOW", levels());
    }

    @Test
    void refusalIsRedWithTwoBeeps() {
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock);
        List<String> buzzer = new ArrayList<>();
        indicators.signal(Signal.REFUSAL);
        for (int i = 0; i < 4; i++) {
            buzzer.add(out(Output.BUZZER).state() + "/" + out(Output.RED_LED).state());
            clock.advance(Duration.ofMillis(150));
        }
        assertEquals(List.of("HIGH/HIGH", "LOW/HIGH", "HIGH/HIGH", "LOW/HIGH"), buzzer);
        assertEquals(DigitalState.LOW, out(Output.GREEN_LED).state());
        clock.advance(Duration.ofMillis(1400));
        assertEquals("green=LOW red=LOW buzzer=LOW", levels());
    }

    @Test
    void successThenFaultPlaysGreenASilenceThenTheRedBlinking() {
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock);
        indicators.signal(Signal.SUCCESS, Signal.FAULT);
        assertEquals("green=HIGH red=LOW buzzer=HIGH", levels());
        clock.advance(Duration.ofMillis(2000));
        assertEquals("green=LOW red=LOW buzzer=LOW", levels(), "the gap between the two");
        clock.advance(Duration.ofMillis(500));
        assertEquals("green=LOW red=HIGH buzzer=HIGH", levels(), "the fault's first long beep");
        clock.advance(Duration.ofSeconds(10));
        assertEquals("green=LOW red=LOW buzzer=LOW", levels());
    }

    @Test
    void faultBlinksRedThreeTimesWithLongBeeps() {
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock);
        indicators.signal(Signal.FAULT);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(out(Output.RED_LED).state() + "/" + out(Output.BUZZER).state());
            clock.advance(Duration.ofMillis(i % 2 == 0 ? 500 : 250));
        }
        assertEquals(List.of("HIGH/HIGH", "LOW/LOW", "HIGH/HIGH", "LOW/LOW", "HIGH/HIGH", "HIGH/LOW"), seen);
    }

    @Test
    void aNewSignalCutsTheOldPatternShort() {
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock);
        indicators.signal(Signal.SUCCESS);
        clock.advance(Duration.ofMillis(100));
        indicators.signal(Signal.REFUSAL);
        assertEquals("green=LOW red=HIGH buzzer=HIGH", levels());
        clock.advance(Duration.ofMillis(1900));
        assertEquals("green=LOW red=HIGH buzzer=LOW", levels(), "the old pattern's steps must not fire");
        clock.advance(Duration.ofMillis(100));
        assertEquals("green=LOW red=LOW buzzer=LOW", levels());
        assertEquals(0, clock.pending());
    }

    @Test
    void activeLowButtonEdgesFireThroughThePinListener() {
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock);
        List<ButtonEvent> events = new ArrayList<>();
        indicators.onButton(events::add);
        MockDigitalInput button = pi4j.registry().get("yibao-button", MockDigitalInput.class);
        button.mockState(DigitalState.HIGH);
        button.mockState(DigitalState.LOW);
        button.mockState(DigitalState.HIGH);
        assertEquals(List.of(ButtonEvent.PRESSED, ButtonEvent.RELEASED), events.subList(events.size() - 2, events.size()));
        assertEquals(ButtonEvent.PRESSED, events.get(events.size() - 2));
    }

    @Test
    void closeLeavesEveryOutputInItsSafeState() {
        IndicatorConfig config = new IndicatorConfig(Map.of(
                Output.GREEN_LED, new IndicatorConfig.OutputPin(17, true, false),
                Output.RED_LED, new IndicatorConfig.OutputPin(27, true, true),
                Output.BUZZER, new IndicatorConfig.OutputPin(22, false, false)), Optional.empty());
        Pi4jIndicators indicators = Pi4jIndicators.open(pi4j, true, config, clock);
        DigitalOutput green = out(Output.GREEN_LED);
        DigitalOutput red = out(Output.RED_LED);
        DigitalOutput buzzer = out(Output.BUZZER);
        indicators.signal(Signal.SUCCESS);
        assertEquals(DigitalState.HIGH, green.state());
        assertEquals(DigitalState.LOW, buzzer.state(), "active-low buzzer sounds at LOW");
        indicators.close();
        assertEquals(DigitalState.LOW, green.state());
        assertEquals(DigitalState.HIGH, red.state(), "red is configured on in the safe state");
        assertEquals(DigitalState.HIGH, buzzer.state(), "active-low buzzer is silent at HIGH");
        assertEquals(true, pi4j.isShutdown(), "an owned context is shut down");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(DigitalState.LOW, green.state(), "no pattern step runs after close");
        indicators.signal(Signal.FAULT);
        assertEquals(DigitalState.LOW, green.state());
        assertEquals(DigitalState.HIGH, buzzer.state());
    }

    @Test
    void onDeviceRefusesTheMockProvider() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Pi4jIndicators.onDevice(IndicatorConfig.kioskDefault(), clock));
        assertTrue(e.getMessage().contains("mock"), e.getMessage());
    }

    /**
     * A pin that cannot be claimed half way through (here the button's id is taken; on a device, a
     * line another program holds): the start fails, and a context the indicators own is shut down
     * with it, so the outputs already claimed are released in their safe state, not held with
     * nobody left to close them (a failed start of {@code terminal run} or a self-test).
     */
    @Test
    void aFailedOpenShutsTheContextItOwns() {
        pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("yibao-button").address(5));
        assertThrows(RuntimeException.class, () -> Pi4jIndicators.open(pi4j, true, IndicatorConfig.kioskDefault(), clock));
        assertTrue(pi4j.isShutdown(), "the owned context was left running with the outputs claimed");
    }

    @Test
    void pi4jShutdownAloneAppliesTheSafeState() {
        Pi4jIndicators.open(pi4j, false, IndicatorConfig.kioskDefault(), clock).signal(Signal.FAULT);
        DigitalOutput red = out(Output.RED_LED);
        DigitalOutput buzzer = out(Output.BUZZER);
        assertEquals(DigitalState.HIGH, red.state());
        pi4j.shutdown();
        assertEquals(DigitalState.LOW, red.state(), "DigitalOutput shutdown state is the safe state");
        assertEquals(DigitalState.LOW, buzzer.state());
    }
}
