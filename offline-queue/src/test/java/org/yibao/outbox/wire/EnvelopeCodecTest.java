package org.yibao.outbox.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The streaming envelope codec writes and reads exactly what the data-binding codec does. */
class EnvelopeCodecTest {

    private static final Envelope FULL = new Envelope(1, "T01-42", "T01", "claim.settle", "FUND", "MESSAGES", "S1",
            1_795_420_800_000L, 3, "{\"setl_id\":\"S1\",\"psn_name\":\"张三丰\"}".getBytes(UTF_8));
    private static final Envelope SPARSE = new Envelope(1, "T01-43", "T01", null, null, "CONTROL", null, 0, 1, new byte[0]);

    @Test
    void writesTheSameBytesAsDataBinding() {
        for (Envelope e : List.of(FULL, SPARSE, new Envelope(1, "T01-\"\\/\n", "T01", "类型", "C", "L", "键", -1, 0, new byte[] {0, -1, 7}))) {
            assertEquals(new String(WireCodec.encode(e), UTF_8), new String(EnvelopeCodec.encode(e), UTF_8));
        }
    }

    @Test
    void readsWhatItWrites() {
        for (Envelope e : List.of(FULL, SPARSE)) {
            assertSame(Optional.of(e), EnvelopeCodec.decode(EnvelopeCodec.encode(e)));
        }
    }

    @Test
    void readsOddAndBadInputAsDataBindingDoes() {
        List<String> inputs = List.of(
                "{\"v\":1,\"id\":\"T01-1\",\"payload\":\"eHl6\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHl6\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"more\":[true]}",
                "{\"v\":\"2\",\"id\":7,\"createdAt\":\"12\",\"attempt\":2.0,\"payload\":\"\",\"key\":null}",
                "{\"id\":\"T01-1\",\"id\":\"T01-2\",\"payload\":\"eHl6\"}",
                "{\"id\":\"T01-1\",\"payload\":null}",
                "{\"id\":null,\"payload\":\"eHl6\"}",
                "{\"payload\":\"eHl6\"}",
                "{\"id\":\"T01-1\"}",
                "{\"id\":\"T01-1\",\"payload\":\"not base64!\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHk\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHk=\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eH k=\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHk==\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHl6\\n\"}",
                "{\"id\":{\"x\":1},\"payload\":\"eHl6\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHl6\",\"attempt\":\"many\"}",
                "{\"id\":\"T01-1\",\"payload\":\"eHl6\",\"v\":99999999999}",
                "[{\"id\":\"T01-1\",\"payload\":\"eHl6\"}]",
                "\"T01-1\"",
                "null",
                "{\"id\":\"T01-1\",\"payload\":\"eHl6\"",
                "not json",
                "");
        for (String input : inputs) {
            byte[] bytes = input.getBytes(UTF_8);
            assertSame(WireCodec.decode(bytes, Envelope.class), EnvelopeCodec.decode(bytes), input);
        }
    }

    @Test
    void takesThePayloadOnlyAsBase64Text() {
        // data binding would also take an array of numbers for a byte[]; no sender writes one
        assertEquals(Optional.empty(), EnvelopeCodec.decode("{\"id\":\"T01-1\",\"payload\":[1,2]}".getBytes(UTF_8)));
    }

    @Test
    void aBatchIsAnArrayOfTheEnvelopesAsEachIsWrittenAlone() {
        String batch = new String(EnvelopeCodec.encodeBatch(List.of(FULL, SPARSE)), UTF_8);
        assertEquals("[" + new String(EnvelopeCodec.encode(FULL), UTF_8) + "," + new String(EnvelopeCodec.encode(SPARSE), UTF_8) + "]", batch);
        List<Optional<Envelope>> read = EnvelopeCodec.decodeAll(batch.getBytes(UTF_8));
        assertEquals(2, read.size());
        assertSame(Optional.of(FULL), read.get(0));
        assertSame(Optional.of(SPARSE), read.get(1));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.encodeBatch(List.of()));
    }

    @Test
    void aSingleEnvelopeIsReadAsABatchOfOne() {
        List<Optional<Envelope>> read = EnvelopeCodec.decodeAll(EnvelopeCodec.encode(FULL));
        assertEquals(1, read.size());
        assertSame(Optional.of(FULL), read.getFirst());
        assertEquals(List.of(), EnvelopeCodec.decodeAll("{\"payload\":\"eHl6\"}".getBytes(UTF_8)), "no id: nothing to answer");
        assertEquals(List.of(), EnvelopeCodec.decodeAll("not json".getBytes(UTF_8)));
        assertEquals(List.of(), EnvelopeCodec.decodeAll(new byte[0]));
    }

    /** One bad element of a batch costs only itself: the others are read, in their places. */
    @Test
    void aBadElementLeavesAGapAndTheOthersAreRead() {
        String good1 = "{\"id\":\"T01-1\",\"payload\":\"eHl6\"}";
        String good2 = "{\"id\":\"T01-2\",\"payload\":\"eHl6\"}";
        List<String> bad = List.of(
                "{\"id\":\"T01-9\",\"payload\":\"not base64!\"}",
                "{\"id\":{\"x\":[1,{\"y\":2}]},\"payload\":\"eHl6\",\"key\":\"k\"}",
                "{\"id\":\"T01-9\",\"payload\":\"eHl6\",\"attempt\":[1,2]}",
                "{\"payload\":\"eHl6\"}",
                "\"T01-9\"",
                "[1,{\"id\":\"T01-9\",\"payload\":\"eHl6\"}]",
                "null");
        for (String b : bad) {
            String input = " [" + good1 + "," + b + "," + good2 + "]";
            List<Optional<Envelope>> read = EnvelopeCodec.decodeAll(input.getBytes(UTF_8));
            assertEquals(3, read.size(), input);
            assertEquals("T01-1", read.get(0).orElseThrow().id(), input);
            assertEquals(Optional.empty(), read.get(1), input);
            assertEquals("T01-2", read.get(2).orElseThrow().id(), input);
        }
    }

    /** Broken JSON: what came before the break is read; nothing after it can be. */
    @Test
    void aTruncatedBatchGivesWhatCameBeforeTheBreak() {
        String good = "{\"id\":\"T01-1\",\"payload\":\"eHl6\"}";
        for (String input : List.of("[" + good + ",{\"id\":\"T01-2\",\"payl", "[" + good + ",", "[" + good + "] trailing", "[" + good)) {
            List<Optional<Envelope>> read = EnvelopeCodec.decodeAll(input.getBytes(UTF_8));
            assertEquals(1, read.size(), input);
            assertEquals("T01-1", read.getFirst().orElseThrow().id(), input);
        }
        assertEquals(List.of(), EnvelopeCodec.decodeAll("[".getBytes(UTF_8)));
        assertEquals(List.of(), EnvelopeCodec.decodeAll("[]".getBytes(UTF_8)));
    }

    private static void assertSame(Optional<Envelope> expected, Optional<Envelope> actual) {
        assertSame(expected, actual, "");
    }

    /** Envelope's record equality compares the payload array by reference; this compares its bytes. */
    private static void assertSame(Optional<Envelope> expected, Optional<Envelope> actual, String input) {
        assertEquals(expected.isPresent(), actual.isPresent(), input);
        if (expected.isPresent()) {
            Envelope e = expected.get();
            Envelope a = actual.get();
            assertEquals(List.of(e.v(), e.id(), String.valueOf(e.device()), String.valueOf(e.type()), String.valueOf(e.messageClass()),
                            String.valueOf(e.lane()), String.valueOf(e.key()), e.createdAt(), e.attempt()),
                    List.of(a.v(), a.id(), String.valueOf(a.device()), String.valueOf(a.type()), String.valueOf(a.messageClass()),
                            String.valueOf(a.lane()), String.valueOf(a.key()), a.createdAt(), a.attempt()), input);
            assertArrayEquals(e.payload(), a.payload(), input);
        }
    }
}
