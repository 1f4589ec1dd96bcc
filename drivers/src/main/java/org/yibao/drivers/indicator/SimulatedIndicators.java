package org.yibao.drivers.indicator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The simulated twin of the indicators: plays the same patterns through the same
 * {@link PatternPlayer}, keeps each output's logical state and a history of its last
 * {@value #HISTORY_KEPT} changes stamped with the scheduler's time, and offers
 * {@link #pressButton()} / {@link #releaseButton()}, which fire the listeners exactly as a pin
 * edge does. Tests time it by hand ({@link ManualScheduler}); a service that has no indicators
 * runs it in real time ({@link #realTime()}), so every pattern ends as on a device and nothing
 * accumulates over the service's life.
 */
public final class SimulatedIndicators implements Indicators {
    /** One change of one output, at a time on the simulation's clock. */
    public record Change(Duration at, Output output, boolean on) {
    }

    /** How many changes {@link #history()} keeps (a long-running service makes millions). */
    public static final int HISTORY_KEPT = 1_000;

    private final Supplier<Duration> clock;
    private final AutoCloseable ownScheduler;
    private final Map<Output, Boolean> safe;
    private final Map<Output, Boolean> state = new EnumMap<>(Output.class);
    private final Deque<Change> history = new ArrayDeque<>();
    private final List<Consumer<ButtonEvent>> listeners = new CopyOnWriteArrayList<>();
    private final PatternPlayer player;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** All outputs, safe state off, timed by {@code clock}. */
    public SimulatedIndicators(ManualScheduler clock) {
        this(clock, Map.of(Output.GREEN_LED, false, Output.RED_LED, false, Output.BUZZER, false));
    }

    /** The outputs in {@code safeStates} (value = on in the safe state), timed by {@code clock}. */
    public SimulatedIndicators(ManualScheduler clock, Map<Output, Boolean> safeStates) {
        this(clock, clock::elapsed, () -> { }, safeStates);
    }

    private SimulatedIndicators(Scheduler scheduler, Supplier<Duration> clock, AutoCloseable ownScheduler,
                                Map<Output, Boolean> safeStates) {
        this.clock = clock;
        this.ownScheduler = ownScheduler;
        this.safe = new EnumMap<>(safeStates);
        safe.forEach(state::put);
        this.player = new PatternPlayer(scheduler, this::set);
    }

    /**
     * All outputs, safe state off, playing in real time on a scheduler thread of their own, which
     * {@link #close()} stops; the history is stamped with the time since creation.
     */
    public static SimulatedIndicators realTime() {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        long start = System.nanoTime();
        return new SimulatedIndicators(scheduler, () -> Duration.ofNanos(System.nanoTime() - start), scheduler,
                Map.of(Output.GREEN_LED, false, Output.RED_LED, false, Output.BUZZER, false));
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
        try {
            ownScheduler.close();
        } catch (Exception e) {
            throw new IllegalStateException("the indicators' scheduler did not stop", e);
        }
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

    /** The last {@value #HISTORY_KEPT} changes, oldest first. */
    public synchronized List<Change> history() {
        return List.copyOf(history);
    }

    private boolean isClosed() {
        return closed.get();
    }

    private synchronized void set(Output output, boolean on) {
        if (!state.containsKey(output)) return;
        Boolean before = state.put(output, on);
        if (before != null && before == on) return;
        if (history.size() == HISTORY_KEPT) history.removeFirst();
        history.addLast(new Change(clock.get(), output, on));
    }
}
