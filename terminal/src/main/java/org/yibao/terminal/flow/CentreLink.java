package org.yibao.terminal.flow;

import java.time.Duration;
import java.util.Optional;

/**
 * The flows' view of the centre: whether it can be reached now, and a bounded question to it.
 * Answers never throw: unreachable, timed out or failed is an empty answer, and the flow falls
 * back to what the terminal knows (the person cache, the offline limits).
 */
public interface CentreLink {

    /**
     * True while the centre answers: the uplink is connected and the centre has not fallen
     * silent behind the broker (a question unanswered in time, claims reaching nobody, with
     * nothing heard from it since). Settlements while it is false are offline: held to the
     * policy's offline limits and marked 脱机结算.
     */
    boolean online();

    /** True while a question can be put to the centre at all (the uplink is connected), silent or not. */
    default boolean connected() {
        return online();
    }

    /**
     * Runs {@code action} each time the link can vouch that the centre answered until about now:
     * at every heartbeat while it answers, and when a centre heard since the link connected stops
     * answering (the connection lost, the centre fallen silent behind the broker, the link stopped)
     * (a link that never connects: never).
     */
    default void onContact(Runnable action) {
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
