package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightMsgidsTest {
    private final InFlightMsgids inFlight = new InFlightMsgids();

    @Test
    void aSecondRequestWithTheMsgidGetsInOnlyWhenTheFirstIsDone() throws Exception {
        InFlightMsgids.Turn first = inFlight.enter("M1", Duration.ZERO).orElseThrow();
        CompletableFuture<Optional<InFlightMsgids.Turn>> second =
                CompletableFuture.supplyAsync(() -> inFlight.enter("M1", Duration.ofSeconds(30)),
                        r -> Thread.ofPlatform().daemon().start(r));
        Thread.sleep(100);
        assertFalse(second.isDone(), "the duplicate waits while the first is answered");
        assertTrue(inFlight.enter("M2", Duration.ZERO).isPresent(), "another msgid is not held up");
        first.close();
        second.get(10, TimeUnit.SECONDS).orElseThrow().close();
    }

    @Test
    void aDuplicateGivesUpAfterItsPatience() {
        try (InFlightMsgids.Turn first = inFlight.enter("M1", Duration.ZERO).orElseThrow()) {
            assertTrue(inFlight.enter("M1", Duration.ofMillis(50)).isEmpty());
        }
        assertTrue(inFlight.enter("M1", Duration.ZERO).isPresent(), "free again once the first is done");
    }
}
