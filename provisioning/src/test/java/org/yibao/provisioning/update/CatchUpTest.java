package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A catch-up answer as the device reads it with the streaming parser. */
class CatchUpTest {

    /**
     * A field the device does not use, or one whose value is not the type it expects, is read
     * past whole (as the tree reader did): an object or array under {@code error} or {@code more}
     * does not make a valid answer "trailing tokens".
     */
    @Test
    void anAnswersFieldsOfAnotherJsonTypeAreReadPastWhole() {
        for (String field : List.of("\"error\":{\"code\":1}", "\"more\":{\"pages\":2}", "\"more\":[true]", "\"note\":{\"a\":[1]}")) {
            String json = "{\"updates\":[]," + field + ",\"withheld\":[]}";
            CatchUp.Received received = CatchUp.Received.read(json.getBytes(StandardCharsets.UTF_8));
            assertEquals(0, received.updates().size(), json);
            assertFalse(received.more(), json);
        }
    }

    /**
     * A device that takes packets of at most 64 KiB is sent envelopes that leave room for the
     * answer's own bytes, topic and properties; with no packet limit only its byte budget counts,
     * and a request round-trips its limits.
     */
    @Test
    void theEnvelopeBudgetLeavesRoomInAPacketForTheAnswerItself() {
        java.util.Map<String, Long> after = java.util.Map.of("device/T01", 3L);
        CatchUp.Request small = new CatchUp.Request("T01", "371502", "P37150200001", after, 1 << 20, 65536, true);
        assertEquals(65536 - CatchUp.PACKET_OVERHEAD, small.largestEnvelope());
        assertEquals(65536 - CatchUp.PACKET_OVERHEAD, small.envelopeBudget());
        CatchUp.Request unlimited = new CatchUp.Request("T01", "371502", "P37150200001", after, 1 << 20, 0, false);
        assertEquals(Long.MAX_VALUE, unlimited.largestEnvelope());
        assertEquals(1 << 20, unlimited.envelopeBudget());
        assertEquals(Long.MAX_VALUE, new CatchUp.Request("T01", "371502", "P37150200001", after, 0, 0, false).envelopeBudget());
        CatchUp.Request back = CatchUp.Request.parse(small.toJson());
        assertEquals(List.of(1L << 20, 65536L, 3L), List.of(back.maxBytes(), back.maxPacket(), back.after().get("device/T01")));
        assertEquals(true, back.inline());
    }
}
