package org.yibao.outbox.uplink;

import java.time.Clock;
import java.time.Instant;

/** The uplink's last connection, publish or delivery error and when it happened, for its figures; any thread may record. */
final class LastError {

    private final Clock clock;
    private volatile Entry last;

    private record Entry(String text, Instant at) {
    }

    LastError(Clock clock) {
        this.clock = clock;
    }

    void record(String text) {
        last = new Entry(text, clock.instant());
    }

    /** The last error's text, or null when there was none. */
    String text() {
        Entry entry = last;
        return entry == null ? null : entry.text();
    }

    /** When the last error happened, or null. */
    Instant at() {
        Entry entry = last;
        return entry == null ? null : entry.at();
    }
}
