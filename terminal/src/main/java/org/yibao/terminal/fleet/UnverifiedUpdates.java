package org.yibao.terminal.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.update.UpdateVerdict;

/**
 * Updates refused before a trusted signature was found (no envelope, no or a bad signature, an
 * unknown key): not from the centre, so they are not answered - an answer would be a durable
 * outbox message, and anyone who can publish on the device's commands topic could fill the
 * control lane with them - only counted (since the service started; {@code fleet.status} reports
 * {@code unverified_updates_refused}) and logged: one line for the first, then at most one line
 * a minute with how many came since, never a stack trace. Only the fleet agent's thread calls
 * {@link #refused}.
 */
final class UnverifiedUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(UnverifiedUpdates.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** The most of a claimed id a log line shows (it is whatever the sender wrote). */
    private static final int ID_SHOWN = 64;

    private final Clock clock;
    private final AtomicLong total = new AtomicLong();
    private long unlogged;
    private long loggedAt;
    private boolean loggedOnce;

    UnverifiedUpdates(Clock clock) {
        this.clock = clock;
    }

    /** How many were refused since the service started. */
    long total() {
        return total.get();
    }

    /** Counts {@code refused}, and logs it when the last line is a minute old. */
    void refused(UpdateVerdict.Refused refused) {
        long all = total.incrementAndGet();
        unlogged++;
        long now = clock.millis();
        if (loggedOnce && now - loggedAt < LOG_EVERY.toMillis()) return;
        LOG.warn("fleet: {} update(s) not from the centre refused and not answered (last: {} {} {}; {} since start; "
                        + "logged at most once a minute)", unlogged, shown(refused.claimedId()), refused.reason().code(),
                refused.detail(), all);
        unlogged = 0;
        loggedAt = now;
        loggedOnce = true;
    }

    /** The claimed id as a log may show it: printable ASCII only, cut short. */
    private static String shown(String claimed) {
        if (claimed.isEmpty()) return "(no id)";
        StringBuilder out = new StringBuilder();
        claimed.codePoints().limit(ID_SHOWN).forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? (char) cp : '?'));
        return claimed.length() > ID_SHOWN ? out + "…" : out.toString();
    }
}
