package org.yibao.terminal.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.uplink.Uplink;

/**
 * The demo's uplink fails to connect by design: the terminal starts before the embedded broker
 * (so its API answers sooner), and the scenario stops the broker to show offline settlement.
 * The narration says what the uplink does; the uplink's WARN lines about those connects would only
 * interleave it. While this is open the uplink logs errors only; closing gives back its level.
 * A broker given with {@code --broker} is someone else's and is never quietened.
 */
public final class QuietUplinkLog implements AutoCloseable {
    private final org.slf4j.Logger logger = LoggerFactory.getLogger(Uplink.class);
    private final Level before;

    private QuietUplinkLog() {
        before = logger instanceof Logger l ? l.getLevel() : null;
        if (logger instanceof Logger l) l.setLevel(Level.ERROR);
    }

    /** Quietens the uplink's log until {@link #close}. */
    public static QuietUplinkLog open() {
        return new QuietUplinkLog();
    }

    @Override
    public void close() {
        if (logger instanceof Logger l) l.setLevel(before);
    }
}
