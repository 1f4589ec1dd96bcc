package org.yibao.terminal.flow;

import java.time.Duration;
import java.util.Optional;

/**
 * The flows' view of the centre: whether it can be reached now, and a bounded question to it.
 * Answers never throw: unreachable, timed out or failed is an empty answer, and the flow falls
 * back to what the terminal knows (the person cache, the offline limits).
 */
public interface CentreLink {

    /** True while the uplink to the centre is connected. */
    boolean online();

    /** Runs {@code action} each time the link finds its connection lost (a link that never connects: never). */
    default void onLost(Runnable action) {
    }

    /** Asks {@code service} with {@code body}; the answer, or empty when none came within {@code timeout}. */
    Optional<byte[]> ask(String service, byte[] body, Duration timeout);

    /** A terminal provisioned without any centre: always offline. */
    CentreLink NONE = new CentreLink() {
        @Override
        public boolean online() {
            return false;
        }

        @Override
        public Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
            return Optional.empty();
        }
    };
}
