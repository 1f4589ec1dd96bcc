package org.yibao.outbox.uplink;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat's schedule and the terminal's two actions about the centre: one when a centre
 * heard since the connect stops answering, one at each heartbeat while it answers. The actions
 * run on the uplink's worker, the silence of an unanswered request on the request timer's thread
 * (see {@link Uplink#onCentreLost}); an exception from one is logged, not thrown.
 */
final class CentreContact {

    private static final Logger LOG = LoggerFactory.getLogger(CentreContact.class);

    private final Duration heartbeat;
    private volatile Runnable lost = () -> { };
    private volatile Runnable answered = () -> { };
    private long nextPingMillis;

    CentreContact(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    void onLost(Runnable action) {
        lost = Objects.requireNonNull(action, "action");
    }

    void onAnswered(Runnable action) {
        answered = Objects.requireNonNull(action, "action");
    }

    /** Whether the next heartbeat is due at {@code nowMillis}; a clock set back far makes it due at once. */
    boolean pingDue(long nowMillis) {
        if (nextPingMillis - nowMillis > heartbeat.toMillis()) nextPingMillis = nowMillis;
        return nowMillis >= nextPingMillis;
    }

    /** A ping was sent at {@code nowMillis}: the next one is a heartbeat later. */
    void pinged(long nowMillis) {
        nextPingMillis = nowMillis + heartbeat.toMillis();
    }

    void tellLost() {
        run(lost, "centre-lost");
    }

    void tellAnswered() {
        run(answered, "centre-answered");
    }

    private static void run(Runnable action, String name) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("uplink: the {} action failed", name, e);
        }
    }
}
