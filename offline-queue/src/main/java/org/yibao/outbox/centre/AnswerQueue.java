package org.yibao.outbox.centre;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.AckBatch;

/**
 * The centre's business answers on their way out, merged per device: what the store answered
 * in several commits travels as one acks message, so a device sending a claim every few
 * milliseconds gets one message per several claims (and applies them in one commit) instead of
 * one each. Each answer waits at most the linger for others to join it; acks are not on the
 * path of anything the device's user waits for, and the broker's delivery was already
 * acknowledged when the claim was stored.
 *
 * <p>Promises: answers to one device keep their order; a message holds at most
 * {@code perMessage} answers and, once {@link #limitBytes} was called, at most that many bytes
 * (always at least one answer); messages come out in the order of their devices' first answers.
 * Thread-safe for one taker and any number of adders.
 */
final class AnswerQueue {

    /** One acks message for a device's acks topic. */
    record Message(String topic, byte[] payload, int answers) {
    }

    private record Answers(String topic, List<Ack> acks) {
    }

    private final BlockingQueue<Answers> queue = new LinkedBlockingQueue<>();
    private final long lingerNanos;
    private final int perMessage;
    private volatile long maxBytes = Long.MAX_VALUE;

    AnswerQueue(Duration linger, int perMessage) {
        if (linger.isNegative() || perMessage < 1) {
            throw new IllegalArgumentException("linger >= 0 and perMessage >= 1: " + linger + ", " + perMessage);
        }
        this.lingerNanos = linger.toNanos();
        this.perMessage = perMessage;
    }

    /**
     * From the next message on, no message is larger than {@code bytes} unless one answer alone
     * is (the broker's maximum packet size less the rest of the packet: a broker refuses a
     * larger packet by closing the connection).
     */
    void limitBytes(long bytes) {
        maxBytes = bytes;
    }

    /** Queues the answers to the device whose acks topic is {@code topic}. */
    void add(String topic, List<Ack> acks) {
        if (!acks.isEmpty()) {
            queue.add(new Answers(topic, List.copyOf(acks)));
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Waits up to {@code wait} for an answer, then up to the linger for more, takes whatever is
     * queued by then, and returns it as messages; empty when no answer came.
     */
    List<Message> take(Duration wait) throws InterruptedException {
        Answers first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        Map<String, List<Ack>> byTopic = new LinkedHashMap<>();
        add(byTopic, first);
        if (lingerNanos > 0) {
            Thread.sleep(Duration.ofNanos(lingerNanos)); // not woken by each new answer: one wake-up per message
        }
        List<Answers> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(answers -> add(byTopic, answers));
        return messages(byTopic);
    }

    private static void add(Map<String, List<Ack>> byTopic, Answers answers) {
        byTopic.computeIfAbsent(answers.topic(), topic -> new ArrayList<>()).addAll(answers.acks());
    }

    private List<Message> messages(Map<String, List<Ack>> byTopic) {
        long limit = maxBytes;
        List<Message> out = new ArrayList<>();
        byTopic.forEach((topic, acks) -> {
            List<byte[]> part = new ArrayList<>();
            long bytes = 0;
            for (Ack ack : acks) {
                byte[] one = AckBatch.encode(List.of(ack));
                // the batch with this answer: its frame, the answers, a comma between each two
                if (!part.isEmpty() && (part.size() == perMessage
                        || AckBatch.BATCH_FRAME + bytes + one.length + part.size() > limit)) {
                    out.add(new Message(topic, AckBatch.join(part), part.size()));
                    part = new ArrayList<>();
                    bytes = 0;
                }
                part.add(one);
                bytes += one.length;
            }
            if (!part.isEmpty()) {
                out.add(new Message(topic, AckBatch.join(part), part.size()));
            }
        });
        return out;
    }
}
