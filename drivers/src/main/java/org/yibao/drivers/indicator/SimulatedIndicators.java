package org.yibao.drivers.indicator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The simulated twin of the indicators: plays the same patterns through the same
 * {@link PatternPlayer}, keeps each output's logical state and a history of changes stamped
 * with the scheduler's time, and offers {@link #pressButton()} / {@link #releaseButton()},
 * which fire the listeners exactly as a pin edge does.
 */
public final class SimulatedIndicators implements Indicators {
    /** One change of one output, at a time on the simulation's clock. */
    public record Change(Duration at, Output output, boolean on) {
    }

    private final ManualScheduler clock;
    private final Map<Output, Boolean> safe;
    private final Map<Output, Boolean> state = new EnumMap<>(Output.class);
    private final List<Change> history = new ArrayList<>();
    private final List<Consumer<ButtonEvent>> listeners = new CopyOnWriteArrayList<>();
    private final PatternPlayer player;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** All outputs, safe state off, timed by {@code clock}. */
    public SimulatedIndicators(ManualScheduler clock) {
        this(clock, Map.of(Output.GREEN_LED, false, Output.RED_LED, false, Output.BUZZER, false));
    }

    /** The outputs in {@code safeStates} (value = on in the safe state), timed by {@code clock}. */
    public SimulatedIndicators(ManualScheduler clock, Map<Output, Boolean> safeStates) {
        this.clock = clock;
        this.safe = new EnumMap<>(safeStates);
        safe.forEach(state::put);
        this.player = new PatternPlayer(clock, this::set);
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
        safe.forEach(this::set);
    }

    /** Stimulus: the kiosk button goes down. */
    public void pressButton() {
        if (!isClosed()) listeners.forEach(l -> l.accept(ButtonEvent.PRESSED));
    }

    /** Stimulus: the kiosk button comes up. */
    public void releaseButton() {
        if (!isClosed()) listeners.forEach(l -> l.accept(ButtonEvent.RELEASED));
    }

    /** Whether {@code output} is on now. */
    public synchronized boolean isOn(Output output) {
        return state.getOrDefault(output, false);
    }

    /** Every change so far, oldest first. */
    public synchronized List<Change> history() {
        return List.copyOf(history);
    }

    private boolean isClosed() {
        return closed.get();
    }

    private synchronized void set(Output output, boolean on) {
        if (!state.containsKey(output)) return;
        Boolean before = state.put(output, on);
        if (before == null || before != on) history.add(new Change(clock.elapsed(), output, on));
    }
}
