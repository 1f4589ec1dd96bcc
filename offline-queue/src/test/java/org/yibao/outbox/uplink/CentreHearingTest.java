package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The centre's hearing: silent from the first unanswered sign until heard, and which changes end a spell of answering. */
class CentreHearingTest {
    private static final Instant T1 = Instant.parse("2027-03-01T02:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);

    @Test
    void unknownAtStartIsNotSilentAndItsFirstSilenceEndsNoSpellOfAnswering() {
        CentreHearing hearing = new CentreHearing();
        assertNull(hearing.silentSince());
        assertFalse(hearing.answering(), "unknown is not answering");
        assertNull(hearing.silentSince());
        assertFalse(hearing.unanswered(hearing.ask(), T1), "never heard: nothing to end");
        assertNotNull(hearing.silentSince());
        assertEquals(T1, hearing.silentSince());
    }

    @Test
    void heardThenUnansweredEndsASpellOnceAndKeepsTheFirstSign() {
        CentreHearing hearing = new CentreHearing();
        hearing.heard();
        assertTrue(hearing.unanswered(hearing.ask(), T1));
        assertFalse(hearing.unanswered(hearing.ask(), T2), "already silent");
        assertEquals(T1, hearing.silentSince(), "the silence starts at its first sign");
        hearing.heard();
        assertNull(hearing.silentSince());
        assertNull(hearing.silentSince());
    }

    @Test
    void aQuestionTheCentreWasHeardFromAfterIsNoSignWhenItTimesOut() {
        CentreHearing hearing = new CentreHearing();
        long lostQuestion = hearing.ask();
        long answered = hearing.ask();
        hearing.heard();
        assertFalse(hearing.unanswered(lostQuestion, T1), "heard after it was put");
        assertFalse(hearing.unanswered(answered, T1));
        assertNull(hearing.silentSince());
        assertTrue(hearing.unanswered(hearing.ask(), T2), "a question put after the last hearing counts");
    }

    @Test
    void aConnectionLostWhileAnsweringEndsTheSpellAndLeavesTheCentreUnknown() {
        CentreHearing hearing = new CentreHearing();
        hearing.heard();
        assertTrue(hearing.answering());
        assertTrue(hearing.disconnected());
        assertNull(hearing.silentSince());
        assertFalse(hearing.answering(), "not heard since the loss");
        assertFalse(hearing.disconnected(), "unknown since: a second loss ends nothing");
        assertFalse(hearing.unanswered(hearing.ask(), T1), "not heard since the loss");
    }

    @Test
    void aSilentCentreStaysSilentAcrossALostConnection() {
        CentreHearing hearing = new CentreHearing();
        hearing.heard();
        hearing.unanswered(hearing.ask(), T1);
        assertFalse(hearing.disconnected());
        assertNotNull(hearing.silentSince());
        assertEquals(T1, hearing.silentSince());
    }
}
