package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.wire.Ack;

/**
 * The outbox applies an answer only to a message whose publish it recorded: an answer that
 * overtakes its message's PUBACK records that publish first, so a genuine answer is not dropped,
 * and the PUBACK that follows counts nothing twice.
 */
class AnswerOutcomesTest {

    @Test
    void anAnswerAheadOfItsPubackRecordsThePublishFirst() {
        Map<String, Integer> inFlight = new HashMap<>(Map.of("T01-1", 3, "T01-2", 3));
        assertEquals(List.of(new Outcome.Published("T01-1"), new Outcome.Accepted("T01-1")),
                Uplink.outcomesOf(new Ack(1, "T01-1", Ack.Status.ACCEPTED, "0", "", "c", 0), inFlight));
        assertEquals(Map.of("T01-2", 3), inFlight, "its PUBACK, when it comes, finds it out of flight");
        assertEquals(List.of(new Outcome.Published("T01-2"), new Outcome.Rejected("T01-2", "E1", "no")),
                Uplink.outcomesOf(new Ack(1, "T01-2", Ack.Status.REJECTED, "E1", "no", "c", 0), inFlight));
    }

    @Test
    void anAnswerToAMessageNotInFlightIsOnlyTheAnswer() {
        Map<String, Integer> inFlight = new HashMap<>(Map.of("T01-9", 1));
        assertEquals(List.of(new Outcome.Accepted("T01-1")),
                Uplink.outcomesOf(new Ack(1, "T01-1", Ack.Status.ACCEPTED, "0", "", "c", 0), inFlight));
        assertEquals(Map.of("T01-9", 1), inFlight);
    }
}
