package org.yibao.outbox.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The acks topic carries a single ack or a batch; both decode to the same answers. */
class AckBatchTest {

    private static final Ack ONE = new Ack(1, "T01-1", Ack.Status.ACCEPTED, "0", "", "a", 10);
    private static final Ack TWO = new Ack(1, "T01-2", Ack.Status.REJECTED, "E42", "目录编码不存在", "a", 11);

    @Test
    void aSingleAckTravelsAsItselfAndSeveralAsABatch() {
        assertEquals(new String(WireCodec.encode(ONE), UTF_8), new String(AckBatch.encode(List.of(ONE)), UTF_8));
        assertTrue(new String(AckBatch.encode(List.of(ONE, TWO)), UTF_8).startsWith("{\"v\":1,\"acks\":["));
        assertEquals(Optional.of(List.of(ONE)), AckBatch.decode(AckBatch.encode(List.of(ONE))));
        assertEquals(Optional.of(List.of(ONE, TWO)), AckBatch.decode(AckBatch.encode(List.of(ONE, TWO))));
    }

    @Test
    void garbageAndEmptyBatchesAreNotAcks() {
        assertEquals(Optional.empty(), AckBatch.decode("not json".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode("{\"v\":1,\"acks\":[]}".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode("{\"v\":1}".getBytes(UTF_8)));
    }
}
