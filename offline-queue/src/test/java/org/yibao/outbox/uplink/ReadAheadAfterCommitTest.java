package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.outbox.Outcome;

/** Only a committed answer from the centre sends the worker back to the outbox for more messages. */
class ReadAheadAfterCommitTest {

    @Test
    void committedPubacksAloneDoNotMakeAnythingDeliverable() {
        assertFalse(Uplink.mayUnblock(List.of()));
        assertFalse(Uplink.mayUnblock(List.of(new Outcome.Published("T01-1"), new Outcome.Published("T01-2"))));
    }

    @Test
    void anAnswerMayReleaseTheNextMessageOfItsKey() {
        assertTrue(Uplink.mayUnblock(List.of(new Outcome.Published("T01-1"), new Outcome.Accepted("T01-1"))));
        assertTrue(Uplink.mayUnblock(List.of(new Outcome.Rejected("T01-2", "E1", "r"), new Outcome.Published("T01-3"))));
    }
}
