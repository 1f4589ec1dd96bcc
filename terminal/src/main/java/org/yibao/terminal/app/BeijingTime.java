package org.yibao.terminal.app;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.yibao.terminal.api.envelope.Timestamps;

/**
 * The terminal's one time zone: Beijing time (Asia/Shanghai, UTC+8), in which the national
 * platform, the policy's effective dates, the centre's reconciliation days and the people at the
 * counter all count, whatever time zone the device's operating system was left in (Raspberry Pi
 * and Debian images often ship with UTC or Europe/London; a purchase at 07:30 would otherwise be
 * dated the day before). Every command and the service take their clock and "today" from here.
 */
public final class BeijingTime {
    /** Asia/Shanghai. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private BeijingTime() {
    }

    /** The system clock in Beijing time. */
    public static Clock clock() {
        return Clock.system(ZONE);
    }

    /** Today's date in Beijing. */
    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** {@code at} as yyyy-MM-dd HH:mm:ss in Beijing, as the CLI and reports show times; "" for none. */
    public static String text(Instant at) {
        return at == null ? "" : Timestamps.TIME.format(at.atZone(ZONE));
    }

    /** Now in Beijing, to the nanosecond the system gives. */
    public static LocalDateTime now() {
        return LocalDateTime.now(ZONE);
    }
}
