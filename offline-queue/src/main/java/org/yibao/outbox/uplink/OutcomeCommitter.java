package org.yibao.outbox.uplink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.Outcome;

/**
 * Group-commits the uplink's outcomes (PUBACKs and the centre's answers) on a thread of its
 * own, so publishing never waits on an fsync.
 *
 * <p>Promises: outcomes are applied in the order they were submitted, everything queued at the
 * moment a commit starts goes into that one transaction (a commit lasts about one fsync, and
 * whatever arrives meanwhile forms the next group). One wait: a group of PUBACKs alone is held
 * for up to {@code pubackLinger}, until an answer from the centre joins it, so a message's
 * PUBACK and its answer are usually one state change (PENDING to ACKED) in one commit instead
 * of two commits; an answer is never held, and {@link #awaitCommitted} or closing cuts the
 * wait short. Holding a PUBACK delays nothing: its message is SENT either way and kept out of
 * new batches until then, and a crash before the commit only means it is published again
 * (the centre deduplicates). After each commit
 * the listener is told which outcomes are durable. A failed commit keeps its outcomes at the
 * head of the queue and is tried again after {@code retryPause}; the listener hears the error.
 * {@link #awaitCommitted} lets the uplink make sure every PUBACK it knew of is durable before
 * it puts SENT messages back to PENDING after a reconnect; when it returns true, the listener
 * has also been told of those commits.
 */
final class OutcomeCommitter implements AutoCloseable {

    /** Told from the committer's thread. */
    interface Listener {
        /** {@code outcomes} are committed. */
        void committed(List<Outcome> outcomes);

        /** A commit failed; its outcomes stay queued. */
        void failed(String cause);
    }

    private final Outbox outbox;
    private final Listener listener;
    private final Duration retryPause;
    private final Thread thread;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private List<Outcome> queued = new ArrayList<>();
    /** Guarded by {@link #lock}: how many outcomes were submitted / committed so far. */
    private long submitted;
    private long committed;
    private boolean closing;
    /** Guarded by {@link #lock}: someone waits in {@link #awaitCommitted}, so nothing is held. */
    private int awaiting;
    /** Guarded by {@link #lock}: the thread is holding a group of PUBACKs alone. */
    private boolean lingering;
    private final long pubackLingerNanos;

    OutcomeCommitter(Outbox outbox, Listener listener, Duration retryPause, Duration pubackLinger, String name) {
        this.outbox = outbox;
        this.listener = listener;
        this.retryPause = retryPause;
        this.pubackLingerNanos = pubackLinger.toNanos();
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
    }

    /** Queues {@code outcome} for the next group. */
    void submit(Outcome outcome) {
        synchronized (lock) {
            queued.add(outcome);
            submitted++;
            if (!lingering || !(outcome instanceof Outcome.Published)) {
                lock.notifyAll(); // a PUBACK does not end a linger, so it need not wake the thread
            }
        }
    }

    /**
     * Waits until every outcome submitted before this call is committed; false when that took
     * longer than {@code timeout} (e.g. the disk refuses writes).
     */
    boolean awaitCommitted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long target = submitted;
            awaiting++;
            lock.notifyAll(); // ends a PUBACK linger
            try {
                while (committed < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return true;
            } finally {
                awaiting--;
            }
        }
    }

    /** Commits what is queued, then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<Outcome> group;
            synchronized (lock) {
                while (queued.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queued.isEmpty()) {
                    return;
                }
                try {
                    lingerWhilePubacksOnly();
                } catch (InterruptedException e) {
                    return;
                }
                group = queued;
                queued = new ArrayList<>();
            }
            if (!commit(group) && !pauseAfterFailure()) {
                return;
            }
        }
    }

    /**
     * With {@link #lock} held and something queued: waits (releasing the lock) while the queue
     * holds PUBACKs only, for at most the linger, unless closing or someone awaits the commit.
     */
    private void lingerWhilePubacksOnly() throws InterruptedException {
        long deadline = System.nanoTime() + pubackLingerNanos;
        lingering = true;
        try {
            while (!closing && awaiting == 0 && pubacksOnly(queued)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        } finally {
            lingering = false;
        }
    }

    /** Whether {@code outcomes} are all PUBACKs (nothing the centre said). */
    static boolean pubacksOnly(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (!(outcome instanceof Outcome.Published)) {
                return false;
            }
        }
        return true;
    }

    private boolean commit(List<Outcome> group) {
        try {
            outbox.apply(group);
        } catch (SQLException | RuntimeException e) {
            synchronized (lock) {
                group.addAll(queued);
                queued = group;
            }
            listener.failed("写入 " + group.size() + " 条发送结果失败，稍后重试（" + e + "）");
            return false;
        }
        try {
            listener.committed(group);
        } finally {
            synchronized (lock) {
                committed += group.size();
                lock.notifyAll();
            }
        }
        return true;
    }

    /** Sleeps {@code retryPause} unless closing; false when the thread should give up (closing). */
    private boolean pauseAfterFailure() {
        long deadline = System.nanoTime() + retryPause.toNanos();
        synchronized (lock) {
            while (!closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }
}
