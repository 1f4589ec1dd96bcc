package org.yibao.terminal.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.cli.CliProcess;

/**
 * POS threads that send requests to a running terminal until it dies, for the kill -9 tests:
 * each request's bytes are kept under its msgid before it is sent and its answer after, so what
 * was never answered can be sent again byte for byte after the restart. The terminal is killed
 * (SIGKILL) once enough requests were answered, after a few milliseconds of jitter.
 */
final class KillStream {
    private KillStream() {
    }

    /** One request as the POS keeps it: the bytes it sent and the answer it saw, if any. */
    record Sent(byte[] body, Optional<String> answer) {
        /** This request with the answer it got. */
        Sent answered(String answer) {
            return new Sent(body, Optional.of(answer));
        }
    }

    /** The next request of POS thread {@code thread} under {@code msgid}; empty when it has no more to send. */
    interface Requests {
        Optional<byte[]> next(int thread, String msgid);
    }

    /**
     * Runs {@code threads} POS threads sending {@code requests} (each must be answered infcode 0
     * while the terminal lives) into {@code sent}, kills {@code terminal} once {@code beforeKill}
     * were answered plus up to {@code jitterMillis}, and returns when every thread has stopped.
     */
    static void untilKilled(HttpPos pos, int threads, Requests requests, Map<String, Sent> sent, int beforeKill,
                            int jitterMillis, CliProcess terminal, String what) throws Exception {
        untilKilled(pos, threads, requests, sent, beforeKill, jitterMillis, terminal, what, HeldBack.none());
    }

    /** As above, for bounded work whose {@code heldBack} items wait for the kill (told here once it is done). */
    static void untilKilled(HttpPos pos, int threads, Requests requests, Map<String, Sent> sent, int beforeKill,
                            int jitterMillis, CliProcess terminal, String what, HeldBack heldBack) throws Exception {
        AtomicInteger answered = new AtomicInteger();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int thread = i;
            running.add(Thread.ofPlatform().start(() -> send(pos, thread, requests, sent, answered)));
        }
        try {
            Eventually.await(Duration.ofSeconds(120), () -> answered.get() >= beforeKill,
                    () -> "only " + answered.get() + " " + what + " answered before the kill");
            Thread.sleep(ThreadLocalRandom.current().nextInt(jitterMillis));
            terminal.kill();
        } finally {
            heldBack.killed();
        }
        for (Thread t : running) t.join(Duration.ofSeconds(90));
    }

    private static void send(HttpPos pos, int thread, Requests requests, Map<String, Sent> sent, AtomicInteger answered) {
        while (true) {
            String msgid = pos.nextMsgid();
            Optional<byte[]> body = requests.next(thread, msgid);
            if (body.isEmpty()) return;
            sent.put(msgid, new Sent(body.get(), Optional.empty()));
            try {
                String answer = pos.post(body.get());
                if (HttpPos.parse(answer).path("infcode").asInt(-1) != 0) throw new AssertionError("refused before the kill: " + answer);
                sent.put(msgid, sent.get(msgid).answered(answer));
                answered.incrementAndGet();
            } catch (IOException lost) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
