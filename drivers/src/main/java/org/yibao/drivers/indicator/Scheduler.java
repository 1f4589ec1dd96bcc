package org.yibao.drivers.indicator;

import java.time.Duration;

/** Runs tasks after a delay; injected so that tests drive time by hand ({@link ManualScheduler}). */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not run. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may still be cancelled. */
    interface Cancellable {
        void cancel();
    }
}
