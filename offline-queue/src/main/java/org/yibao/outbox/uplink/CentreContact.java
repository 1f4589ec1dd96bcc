package org.yibao.outbox.uplink;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat's schedule and the terminal's two actions about the centre: one when a centre
 * heard since the connect stops answering, one at each heartbeat while it answers. Besides the
 * heartbeat, a ping is due when publishes have gone unanswered for the claim wait (no answer of
 * the centre since the first of them): the broker keeps claims for the centre's session, so a
 * centre gone behind a live broker shows only as answers that stop coming, and a ping then
 * settles within seconds what the heartbeat would find out only minutes later. The actions
 * run on the uplink's worker, the silence of an unanswered request on the request timer's thread
 * (see {@link Uplink#onCentreLost}); an exception from one is logged, not thrown.
 */
final class CentreContact {

    private static final Logger LOG = LoggerFactory.getLogger(CentreContact.class);

    private final Duration heartbeat;
    private final Duration claimWait;
    private volatile Runnable lost = () -> { };
    private volatile Runnable answered = () -> { };
    private long nextPingMillis;
    /** When the first publish not followed by any answer of the centre went out; 0 for none. */
    private long unansweredSinceMillis;

    CentreContact(Duration heartbeat, Duration claimWait) {
        this.heartbeat = heartbeat;
        this.claimWait = claimWait;
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

    /** Something was published at {@code nowMillis}; the first publish of a spell without answers starts the wait. */
    void published(long nowMillis) {
        if (unansweredSinceMillis == 0) unansweredSinceMillis = nowMillis;
    }

    /** The centre answered a claim: no publish waits any longer. */
    void answersCame() {
        unansweredSinceMillis = 0;
    }

    /** The connection was lost: its publishes wait for nothing now (they are published again on the next). */
    void sessionEnded() {
        unansweredSinceMillis = 0;
    }

    /**
     * Whether publishes unanswered for the claim wait make a ping due at {@code nowMillis} (asked
     * only while the centre is read as answering); the next such ping is a claim wait later.
     */
    boolean claimsUnanswered(long nowMillis) {
        if (unansweredSinceMillis == 0 || nowMillis - unansweredSinceMillis < claimWait.toMillis()) return false;
        unansweredSinceMillis = nowMillis;
        return true;
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
