package org.yibao.terminal.api.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The msgids being answered right now, one request each: a second request with the same msgid
 * (a host that retried before its first attempt was answered) waits until the first one is done,
 * then goes on to find its recorded answer. Thread-safe.
 */
final class InFlightMsgids {
    private final ConcurrentHashMap<String, CountDownLatch> running = new ConcurrentHashMap<>();

    /** The right to answer {@code msgid}, once no other request holds it; empty when that took longer than {@code patience}. */
    Optional<Turn> enter(String msgid, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        CountDownLatch mine = new CountDownLatch(1);
        CountDownLatch other;
        while ((other = running.putIfAbsent(msgid, mine)) != null) {
            if (!await(other, deadline - System.nanoTime())) return Optional.empty();
        }
        return Optional.of(() -> {
            running.remove(msgid, mine);
            mine.countDown();
        });
    }

    private static boolean await(CountDownLatch latch, long nanos) {
        try {
            return nanos > 0 && latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Held while one request answers its msgid; closing it lets the next request with that msgid in. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }
}
