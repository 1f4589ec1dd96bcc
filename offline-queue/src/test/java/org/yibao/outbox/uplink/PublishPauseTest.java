package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pause after publishes that did not deliver: doubling from 1 s to 60 s, reset by a delivery, never stretched by a clock set back. */
class PublishPauseTest {
    private final PublishPause pause = new PublishPause();

    @Test
    void nothingFailedNothingToWait() {
        assertEquals(0, pause.remaining(5_000));
    }

    @Test
    void failuresInARowDoubleThePauseUpToAMinute() {
        long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        long now = 1_000_000;
        for (long length : expected) {
            pause.failed(now);
            assertEquals(length, pause.remaining(now));
            assertEquals(1, pause.remaining(now + length - 1));
            assertEquals(0, pause.remaining(now + length));
            now += length;
        }
    }

    /**
     * A window of sixteen publishes refused together ("no matching subscribers" while the
     * centre's subscription is gone after a broker restart) is one round: a 1 s pause, not the
     * 60 s that sixteen doublings made, which held a restarted broker's backlog a minute.
     */
    @Test
    void publishesRefusedTogetherDuringTheirPauseAreOneRound() {
        for (int i = 0; i < 16; i++) {
            pause.failed(5_000 + i);
        }
        assertEquals(1_000 - 15, pause.remaining(5_015));
        pause.failed(6_000);
        assertEquals(2_000, pause.remaining(6_000), "the next round doubles it");
    }

    @Test
    void aDeliveryStartsTheNextPauseAtOneSecondAgain() {
        pause.failed(0);
        pause.failed(1_000);
        assertEquals(2_000, pause.remaining(1_000));
        pause.delivered();
        pause.failed(3_000);
        assertEquals(1_000, pause.remaining(3_000));
    }

    @Test
    void aClockSetBackNeverWaitsLongerThanThePauseWasSetFor() {
        pause.failed(10_000_000);
        assertEquals(1_000, pause.remaining(10_000_000 - 3_600_000), "the clock went back an hour");
    }
}
