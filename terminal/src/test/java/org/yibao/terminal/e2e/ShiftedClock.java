package org.yibao.terminal.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock plus an offset a test may move forward: time keeps flowing (the uplink's
 * timers, the vouchers' lives) while a test jumps days ahead, as a terminal left unattended
 * over a weekend would see. Fixed to Asia/Shanghai, the terminal's zone.
 */
final class ShiftedClock extends Clock {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override public ZoneId getZone() {
        return SHANGHAI;
    }

    @Override public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("fixed to Asia/Shanghai");
    }

    @Override public Instant instant() {
        return Instant.now().plus(offset);
    }
}
