package org.yibao.terminal.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the test moves by hand (lockout and session expiry without sleeping). */
public final class HandClock extends Clock {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private volatile Instant now;

    public HandClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override public ZoneId getZone() { return SHANGHAI; }

    @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException("fixed to Asia/Shanghai"); }

    @Override public Instant instant() { return now; }
}
