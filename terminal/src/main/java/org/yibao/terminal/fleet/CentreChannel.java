package org.yibao.terminal.fleet;

import java.time.Duration;
import java.util.Optional;

/** How the fleet agent reaches the centre: whether the uplink is connected, and a request/response call. */
public interface CentreChannel {
    boolean connected();

    /** Grows by one at every (re)connect, so a reconnect is seen even between two looks. */
    long connections();

    /** The centre's answer to {@code body} on {@code service}, or empty (offline, timeout, failure). */
    Optional<byte[]> ask(String service, byte[] body, Duration timeout);
}
