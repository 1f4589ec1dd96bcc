package org.yibao.outbox.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.AckBatch;

/** Answers from several commits leave as one message per device, in order, within the size limit. */
class AnswerQueueTest {

    @Test
    void mergesWhatIsQueuedPerDeviceKeepingOrder() throws Exception {
        AnswerQueue queue = new AnswerQueue(Duration.ZERO, 200);
        queue.add("yb/a/f/T01/acks", List.of(ack("T01-1"), ack("T01-2")));
        queue.add("yb/a/f/T02/acks", List.of(ack("T02-1")));
        queue.add("yb/a/f/T01/acks", List.of(ack("T01-3")));
        queue.add("yb/a/f/T03/acks", List.of());

        List<AnswerQueue.Message> messages = queue.take(Duration.ZERO);

        assertEquals(List.of("yb/a/f/T01/acks", "yb/a/f/T02/acks"), messages.stream().map(AnswerQueue.Message::topic).toList());
        assertEquals(List.of(ack("T01-1"), ack("T01-2"), ack("T01-3")), AckBatch.decode(messages.get(0).payload()).orElseThrow());
        assertEquals(3, messages.get(0).answers());
        // a lone answer still travels as the plain ack
        assertEquals(new String(AckBatch.encode(List.of(ack("T02-1"))), UTF_8), new String(messages.get(1).payload(), UTF_8));
        assertTrue(queue.isEmpty());
        assertEquals(List.of(), queue.take(Duration.ZERO));
    }

    @Test
    void splitsADevicesAnswersAtTheMessageLimit() throws Exception {
        AnswerQueue queue = new AnswerQueue(Duration.ZERO, 2);
        IntStream.rangeClosed(1, 5).forEach(i -> queue.add("yb/a/f/T01/acks", List.of(ack("T01-" + i))));

        List<AnswerQueue.Message> messages = queue.take(Duration.ZERO);

        assertEquals(List.of(2, 2, 1), messages.stream().map(AnswerQueue.Message::answers).toList());
        assertEquals(List.of(ack("T01-5")), AckBatch.decode(messages.get(2).payload()).orElseThrow());
    }

    @Test
    void splitsADevicesAnswersUnderTheByteLimitTheBrokerSets() throws Exception {
        AnswerQueue queue = new AnswerQueue(Duration.ZERO, 200);
        int one = AckBatch.encode(List.of(ack("T01-10"))).length;
        queue.limitBytes(AckBatch.BATCH_FRAME + 3 * one + 2); // the batch's frame, three acks and their two commas
        IntStream.rangeClosed(10, 16).forEach(i -> queue.add("yb/a/f/T01/acks", List.of(ack("T01-" + i))));

        List<AnswerQueue.Message> messages = queue.take(Duration.ZERO);

        assertEquals(List.of(3, 3, 1), messages.stream().map(AnswerQueue.Message::answers).toList());
        assertEquals(AckBatch.BATCH_FRAME + 3 * one + 2, messages.getFirst().payload().length, "exactly at the limit");
        assertEquals(new String(AckBatch.encode(List.of(ack("T01-10"), ack("T01-11"), ack("T01-12"))), UTF_8),
                new String(messages.getFirst().payload(), UTF_8));
        assertEquals(List.of(ack("T01-16")), AckBatch.decode(messages.get(2).payload()).orElseThrow());

        queue.limitBytes(10); // smaller than any answer: each goes alone, none is held back
        queue.add("yb/a/f/T01/acks", List.of(ack("T01-20"), ack("T01-21")));
        assertEquals(List.of(1, 1), queue.take(Duration.ZERO).stream().map(AnswerQueue.Message::answers).toList());
    }

    @Test
    void refusesANegativeLingerOrAnEmptyMessage() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerQueue(Duration.ofMillis(-1), 10));
        assertThrows(IllegalArgumentException.class, () -> new AnswerQueue(Duration.ZERO, 0));
    }

    private static Ack ack(String id) {
        return new Ack(1, id, Ack.Status.ACCEPTED, "0", "", "a", 1);
    }
}
