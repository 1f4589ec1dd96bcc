package org.yibao.drivers.indicator;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A scheduler whose clock moves only when {@link #advance(Duration)} is called: tasks due by
 * then run in due order (ties in scheduling order) on the caller's thread. For the simulated
 * twin and deterministic tests.
 */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                queue.remove(this);
            }
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(nowNanos + Math.max(0, delay.toNanos()), sequence++, task);
        queue.add(t);
        return t;
    }

    /** Moves the clock forward by {@code by}, running every task that falls due. */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nowNanos + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowNanos = target;
                    return;
                }
                queue.poll();
                nowNanos = next.due;
                if (next.cancelled) continue;
            }
            next.action.run();
        }
    }

    /** Time since creation on this clock. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    /** Tasks waiting (a cancelled one leaves the queue at once). */
    public synchronized int pending() {
        return queue.size();
    }
}
