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
    void acksEncodedOneByOneJoinIntoTheSameBytesAsTheirBatch() {
        assertEquals(new String(AckBatch.encode(List.of(ONE, TWO)), UTF_8),
                new String(AckBatch.join(List.of(AckBatch.encode(List.of(ONE)), AckBatch.encode(List.of(TWO)))), UTF_8));
        assertEquals(new String(AckBatch.encode(List.of(TWO)), UTF_8), new String(AckBatch.join(List.of(AckBatch.encode(List.of(TWO)))), UTF_8));
        assertEquals(AckBatch.encode(List.of(ONE, TWO)).length,
                AckBatch.BATCH_FRAME + AckBatch.encode(List.of(ONE)).length + 1 + AckBatch.encode(List.of(TWO)).length);
    }

    @Test
    void garbageAndEmptyBatchesAreNotAcks() {
        assertEquals(Optional.empty(), AckBatch.decode("not json".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode("{\"v\":1,\"acks\":[]}".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode("{\"v\":1}".getBytes(UTF_8)));
    }

    @Test
    void writesTheSameBytesAsDataBinding() {
        Ack sparse = new Ack(1, "T01-3", Ack.Status.ACCEPTED, null, null, null, 0);
        assertEquals(new String(WireCodec.encode(sparse), UTF_8), new String(AckBatch.encode(List.of(sparse)), UTF_8));
        assertEquals(new String(WireCodec.encode(new AckBatch(1, List.of(ONE, sparse, TWO))), UTF_8),
                new String(AckBatch.encode(List.of(ONE, sparse, TWO)), UTF_8));
    }

    @Test
    void anUnreadableElementCostsOnlyItsOwnAnswer() {
        byte[] batch = ("{\"v\":1,\"acks\":[{\"v\":1,\"id\":\"T01-1\",\"status\":\"ACCEPTED\",\"code\":\"0\",\"reason\":\"\",\"centre\":\"a\",\"at\":10},"
                + "{\"v\":1,\"id\":\"T01-2\",\"status\":\"MAYBE\"},\"T01-3\",{\"v\":1,\"status\":\"ACCEPTED\"},"
                + "{\"v\":1,\"id\":\"T01-2\",\"status\":\"REJECTED\",\"code\":\"E42\",\"reason\":\"目录编码不存在\",\"centre\":\"a\",\"at\":11}]}").getBytes(UTF_8);
        assertEquals(new AckBatch.Read(List.of(ONE, TWO), 3), AckBatch.read(batch));
        assertEquals(Optional.of(List.of(ONE, TWO)), AckBatch.decode(batch));
        assertEquals(new AckBatch.Read(List.of(), 2),
                AckBatch.read("{\"v\":1,\"acks\":[{\"v\":1,\"id\":\"T01-2\",\"status\":\"MAYBE\"},7]}".getBytes(UTF_8)));
        assertEquals(new AckBatch.Read(List.of(), 1), AckBatch.read("not json".getBytes(UTF_8)));
        assertEquals(new AckBatch.Read(List.of(ONE), 0), AckBatch.read(AckBatch.encode(List.of(ONE))));
    }

    @Test
    void readsEitherFormInOneParseWithTheRecordsRules() {
        assertEquals(Optional.of(List.of(ONE)), AckBatch.decode(
                "{\"at\":10,\"id\":\"T01-1\",\"status\":\"ACCEPTED\",\"code\":\"0\",\"reason\":\"\",\"centre\":\"a\",\"v\":1,\"new\":{\"x\":1}}".getBytes(UTF_8)));
        // an empty batch beside a single ack's fields: the single ack
        assertEquals(Optional.of(List.of(ONE)), AckBatch.decode(
                "{\"v\":1,\"acks\":[],\"id\":\"T01-1\",\"status\":\"ACCEPTED\",\"code\":\"0\",\"reason\":\"\",\"centre\":\"a\",\"at\":10}".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode("{\"v\":1,\"id\":\"T01-1\"}".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode("[{\"v\":1,\"id\":\"T01-1\",\"status\":\"ACCEPTED\"}]".getBytes(UTF_8)));
        assertEquals(Optional.empty(), AckBatch.decode(new byte[0]));
    }
}
