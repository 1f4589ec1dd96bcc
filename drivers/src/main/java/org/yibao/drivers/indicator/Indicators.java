package org.yibao.drivers.indicator;

import java.util.function.Consumer;

/**
 * The indicator port: LEDs and buzzer that play a distinct pattern per {@link Signal}, and
 * the kiosk button. A new signal replaces the one still playing. Patterns are timed by an
 * injected {@link Scheduler}. {@link #close()} stops any pattern and leaves every output in
 * its configured safe state. Never throws for a device condition.
 */
public interface Indicators extends AutoCloseable {

    /** Starts the pattern of {@code signal}, cutting short the one in progress. */
    void signal(Signal signal);

    /** Plays {@code first}'s pattern and then {@code then}'s ({@link SignalPattern#inTurn}), cutting short the one in progress. */
    void signal(Signal first, Signal then);

    /** Registers a listener for button edges; it runs on the thread that saw the edge. */
    void onButton(Consumer<ButtonEvent> listener);

    /** Stops patterns, puts outputs in their safe state, releases the pins. Idempotent. */
    @Override
    void close();
}
