package org.yibao.drivers.indicator;

import java.util.function.BiConsumer;

/**
 * Plays {@link SignalPattern}s on a set of outputs through a scheduler. A new pattern cancels
 * the one playing; {@link #halt()} cancels for good without touching the outputs (the caller
 * then sets the safe state). Thread-safe.
 */
public final class PatternPlayer {
    private final Scheduler scheduler;
    private final BiConsumer<Output, Boolean> outputs;
    private Scheduler.Cancellable pending;
    private long generation;
    private boolean halted;

    /** {@code outputs} sets one output on (true) or off (false). */
    public PatternPlayer(Scheduler scheduler, BiConsumer<Output, Boolean> outputs) {
        this.scheduler = scheduler;
        this.outputs = outputs;
    }

    /** Starts {@code pattern} now: its first step is applied before this returns. */
    public synchronized void play(SignalPattern pattern) {
        if (halted) return;
        cancelPending();
        long gen = ++generation;
        apply(pattern, 0, gen);
    }

    /** Cancels the pattern in progress and ignores later plays, leaving outputs as they are. */
    public synchronized void halt() {
        halted = true;
        cancelPending();
        generation++;
    }

    private synchronized void apply(SignalPattern pattern, int index, long gen) {
        if (gen != generation) return;
        if (index == pattern.steps().size()) {
            for (Output o : Output.values()) outputs.accept(o, false);
            pending = null;
            return;
        }
        SignalPattern.Step step = pattern.steps().get(index);
        for (Output o : Output.values()) outputs.accept(o, step.on().contains(o));
        pending = scheduler.schedule(step.duration(), () -> apply(pattern, index + 1, gen));
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }
}
