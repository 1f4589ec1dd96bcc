package org.yibao.terminal.flow.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.clock.ClockConfirmation;

/** The floor under the clock: the release, the latest evidence less five minutes, and a technician's confirmation. */
class ClockFloorTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant T = Instant.parse("2026-12-03T02:00:00Z"); // 10:00 in Shanghai

    private static String detail(Optional<Refusal> refusal) {
        assertTrue(refusal.isPresent(), "refused");
        assertEquals("1376", refusal.get().reason().code());
        return refusal.get().errMsg();
    }

    @Test
    void aClockBeforeTheReleaseIsRefusedEvenWithNoRecord() {
        ClockFloor empty = ClockFloor.of(ClockFloor.RELEASED, Optional.empty(), Optional.empty());
        String msg = detail(empty.check(Instant.EPOCH, SHANGHAI));
        assertTrue(msg.contains("1970-01-01 08:00:00") && msg.contains("2026-01-01 00:00:00"), msg);
        assertEquals(Optional.empty(), empty.check(T, SHANGHAI));
    }

    /**
     * The release (2026-01-01) is a Beijing date, as every date the terminal names: its day begins at
     * 00:00 in Beijing (16:00 UTC the day before), not at 08:00 (found by the dates-and-times review
     * of 2026-12-06: the floor was midnight UTC).
     */
    @Test
    void theReleaseDayBeginsAtMidnightInBeijing() {
        ClockFloor empty = ClockFloor.of(ClockFloor.RELEASED, Optional.empty(), Optional.empty());
        assertEquals(Optional.empty(), empty.check(Instant.parse("2025-12-31T16:30:00Z"), SHANGHAI), "2026-01-01 00:30 in Beijing");
        String msg = detail(empty.check(Instant.parse("2025-12-31T15:59:59Z"), SHANGHAI));
        assertTrue(msg.contains("本机时间 2025-12-31 23:59:59") && msg.contains("发布时间 2026-01-01 00:00:00"), msg);
    }

    @Test
    void fiveMinutesBehindTheLatestRecordPassesAndMoreIsRefusedNamingBothTimes() {
        ClockFloor floor = ClockFloor.of(ClockFloor.RELEASED, Optional.of(T), Optional.empty());
        assertEquals(Optional.empty(), floor.check(T.minus(ClockFloor.TOLERANCE), SHANGHAI), "a network-time correction");
        String msg = detail(floor.check(T.minus(ClockFloor.TOLERANCE).minusSeconds(1), SHANGHAI));
        assertTrue(msg.contains("本机时间 2026-12-03 09:54:59") && msg.contains("最后时间 2026-12-03 10:00:00"), msg);
        assertTrue(msg.startsWith("本机时钟不可信"), msg);
    }

    @Test
    void aConfirmationSetsAsideTheRecordsItCoversButNotLaterOnes() {
        Instant ahead = T.plus(Duration.ofHours(3));
        ClockConfirmation confirmed = new ClockConfirmation(T, ahead);
        ClockFloor floor = ClockFloor.of(ClockFloor.RELEASED, Optional.of(ahead), Optional.of(confirmed));
        assertEquals(Optional.of(T), floor.latest(), "the confirmation is the evidence now");
        assertEquals(Optional.empty(), floor.check(T, SHANGHAI));
        detail(floor.check(T.minus(Duration.ofMinutes(6)), SHANGHAI)); // behind the confirmation itself

        Instant later = ahead.plusSeconds(60);
        assertEquals(Optional.of(later), ClockFloor.of(ClockFloor.RELEASED, Optional.of(later), Optional.of(confirmed)).latest(),
                "a record written after what was set aside counts again");
        assertEquals(Optional.of(T), ClockFloor.of(ClockFloor.RELEASED, Optional.empty(), Optional.of(confirmed)).latest());
    }

    @Test
    void aRecordWrittenAfterTheConfirmationCountsThoughDatedInsideTheSpanItSetAside() {
        Instant daysAhead = T.plus(Duration.ofDays(3));
        ClockConfirmation confirmed = new ClockConfirmation(T, daysAhead);
        Instant since = T.plus(Duration.ofHours(1));
        ClockFloor floor = ClockFloor.of(ClockFloor.RELEASED, Optional.of(since), Optional.of(confirmed));
        assertEquals(Optional.of(since), floor.latest(), "an hour of claims since the confirmation, by the clock it vouched for");
        detail(floor.check(T.plus(Duration.ofMinutes(10)), SHANGHAI));
    }

    @Test
    void theFloorFollowsTheClockForwardOnly() {
        ClockFloor floor = ClockFloor.of(ClockFloor.RELEASED, Optional.of(T), Optional.empty());
        assertSame(floor, floor.seen(T.minusSeconds(30)));
        ClockFloor moved = floor.seen(T.plusSeconds(3600));
        assertEquals(Optional.of(T.plusSeconds(3600)), moved.latest());
        detail(moved.check(T, SHANGHAI));
    }
}
