package org.yibao.drivers.indicator;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Indicators on GPIO through Pi4J 3: one {@link DigitalOutput} per configured output, created
 * with Pi4J's shutdown state set to the output's safe state (so even a context shutdown
 * without {@link #close()} leaves them safe), and a {@link DigitalInput} for the button whose
 * state-change listener turns edges into {@link ButtonEvent}s. The provider is whatever the
 * context has: gpiod/linuxfs on a device, the mock plugin in tests.
 */
public final class Pi4jIndicators implements Indicators {
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jIndicators.class);

    private final Context context;
    private final boolean ownsContext;
    private final IndicatorConfig config;
    private final Map<Output, DigitalOutput> pins = new EnumMap<>(Output.class);
    private final List<Consumer<ButtonEvent>> listeners = new CopyOnWriteArrayList<>();
    private final PatternPlayer player;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pi4jIndicators(Context context, boolean ownsContext, IndicatorConfig config, Scheduler scheduler) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.config = config;
        this.player = new PatternPlayer(scheduler, this::set);
    }

    /**
     * Creates the pins on {@code context}. With {@code ownsContext}, {@link #close()} also shuts
     * the context down, and so does a pin that cannot be created: the pins claimed before it are
     * released in their safe state, not left held by a context nobody will close.
     */
    public static Pi4jIndicators open(Context context, boolean ownsContext, IndicatorConfig config, Scheduler scheduler) {
        Pi4jIndicators indicators = new Pi4jIndicators(context, ownsContext, config, scheduler);
        try {
            indicators.createOutputs();
            config.button().ifPresent(indicators::createButton);
        } catch (RuntimeException e) {
            if (ownsContext) context.shutdown();
            throw e;
        }
        return indicators;
    }

    /**
     * On a device: Pi4J's auto-detected context (owned), timed by a real scheduler. Refuses to
     * run on Pi4J's mock provider, which auto-detection picks when no real GPIO plugin
     * (gpiod, linuxfs) is on the class path: LEDs would silently never light.
     */
    public static Pi4jIndicators onDevice(IndicatorConfig config, Scheduler scheduler) {
        Context context = Pi4J.newAutoContext();
        String provider = context.provider(IOType.DIGITAL_OUTPUT).id();
        if (provider.contains("mock")) {
            context.shutdown();
            throw new IllegalStateException("no real GPIO provider (found " + provider
                    + "): add pi4j-plugin-gpiod or pi4j-plugin-linuxfs to the runtime class path");
        }
        return open(context, true, config, scheduler);
    }

    /**
     * Whether Pi4J takes this board for a Raspberry Pi. Its gpiod provider (3.0.x) initialises its
     * chip only then: on another board with {@code /dev/gpiochip0} every pin fails with "No gpio
     * chip yet initialized!", which says nothing of the cause.
     */
    public static boolean boardSupported() {
        return BoardInfoHelper.runningOnRaspberryPi();
    }

    private void createOutputs() {
        config.outputs().forEach((output, pin) -> {
            DigitalOutput out = context.create(DigitalOutput.newConfigBuilder(context)
                    .id("yibao-" + output.name().toLowerCase().replace('_', '-'))
                    .name(output.name())
                    .address(pin.bcm())
                    .initial(level(pin, pin.safeOn()))
                    .shutdown(level(pin, pin.safeOn())));
            pins.put(output, out);
        });
    }

    private void createButton(IndicatorConfig.ButtonPin pin) {
        DigitalInput in = context.create(DigitalInput.newConfigBuilder(context)
                .id("yibao-button")
                .name("kiosk button")
                .address(pin.bcm())
                .pull(pin.activeLow() ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                .debounce(pin.debounce().toNanos() / 1000, TimeUnit.MICROSECONDS));
        in.addListener((DigitalStateChangeEvent event) -> {
            boolean high = event.state() == DigitalState.HIGH;
            ButtonEvent edge = high != pin.activeLow() ? ButtonEvent.PRESSED : ButtonEvent.RELEASED;
            for (Consumer<ButtonEvent> l : listeners) deliver(l, edge);
        });
    }

    private static void deliver(Consumer<ButtonEvent> listener, ButtonEvent edge) {
        try {
            listener.accept(edge);
        } catch (RuntimeException e) {
            LOG.error("button listener failed on {}", edge, e);
        }
    }

    @Override
    public void signal(Signal signal) {
        if (!closed.get()) player.play(SignalPattern.of(signal));
    }

    @Override
    public void signal(Signal first, Signal then) {
        if (!closed.get()) player.play(SignalPattern.inTurn(first, then));
    }

    @Override
    public void onButton(Consumer<ButtonEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        player.halt();
        config.outputs().forEach((output, pin) -> write(output, pin, pin.safeOn()));
        listeners.clear();
        if (ownsContext) context.shutdown();
    }

    private void set(Output output, boolean on) {
        IndicatorConfig.OutputPin pin = config.outputs().get(output);
        if (pin != null) write(output, pin, on);
    }

    private void write(Output output, IndicatorConfig.OutputPin pin, boolean on) {
        try {
            pins.get(output).state(level(pin, on));
        } catch (RuntimeException e) {
            LOG.warn("indicator {} on BCM {} could not be set: {}", output, pin.bcm(), e.toString());
        }
    }

    private static DigitalState level(IndicatorConfig.OutputPin pin, boolean on) {
        return on == pin.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
    }
}
