package org.yibao.terminal.flow.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.store.clock.ClockConfirmation;

/**
 * The earliest time the terminal's clock may show for a transaction that dates what it writes: a
 * box without a battery-backed clock (Raspberry Pi class) can boot in 1970, or at the time its
 * last saved clock file says, hours or days behind, until the network time arrives. Settling then
 * would date settlements wrongly, count them in the wrong year's accumulators, judge vouchers and
 * the backlog's age by the wrong time, and make claims the centre cannot place. So the clock must
 * not be before {@link #notBefore} (this program's release) nor more than {@link #TOLERANCE}
 * before the latest time the terminal has already written or seen ({@code latest}); the
 * tolerance lets ordinary network-time corrections through. No I/O: the evidence is given.
 */
public record ClockFloor(Instant notBefore, Optional<Instant> latest) {
    /** How far behind the latest evidence the clock may be (a network-time correction, not a reset). */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** No clock reading before this program was built can be right: its release day, 2026-01-01, begins at 00:00 in Beijing. */
    public static final Instant RELEASED = Instant.parse("2025-12-31T16:00:00Z");

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public ClockFloor {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(latest, "latest");
    }

    /**
     * The floor from the newest stored record's time and the technician's last confirmation, if
     * any. The confirmation sets aside the record that was newest when it was made (dated
     * {@code ignoredUpTo}); a newer record was written after it, by a clock it vouched for, and
     * counts again even when dated inside the span set aside (the clock had run days ahead, and
     * the box is restarted behind the claims written since).
     */
    public static ClockFloor of(Instant notBefore, Optional<Instant> newestRecord, Optional<ClockConfirmation> confirmation) {
        if (confirmation.isEmpty()) return new ClockFloor(notBefore, newestRecord);
        ClockConfirmation c = confirmation.get();
        Optional<Instant> since = newestRecord.filter(t -> !t.equals(c.ignoredUpTo()) && t.isAfter(c.confirmedAt()));
        return new ClockFloor(notBefore, Optional.of(since.orElse(c.confirmedAt())));
    }

    /** Why {@code now} cannot be trusted, shown in {@code zone}; empty when it can. */
    public Optional<Refusal> check(Instant now, ZoneId zone) {
        if (now.isBefore(notBefore)) {
            return refusal("本机时间 " + shown(now, zone) + " 早于本程序的发布时间 " + shown(notBefore, zone));
        }
        if (latest.isPresent() && now.isBefore(latest.get().minus(TOLERANCE))) {
            return refusal("本机时间 " + shown(now, zone) + " 早于本机已记录的最后时间 " + shown(latest.get(), zone));
        }
        return Optional.empty();
    }

    /** This floor after the clock was read at {@code now} and trusted. */
    public ClockFloor seen(Instant now) {
        if (latest.isPresent() && !now.isAfter(latest.get())) return this;
        return new ClockFloor(notBefore, Optional.of(now));
    }

    private static Optional<Refusal> refusal(String detail) {
        return Optional.of(new Refusal(FlowReason.CLOCK_BEHIND, detail));
    }

    private static String shown(Instant t, ZoneId zone) {
        return SHOWN.format(t.atZone(zone));
    }
}
