package org.yibao.terminal.fleet;

import java.time.Duration;
import java.util.Optional;
import org.yibao.outbox.uplink.UplinkMetrics;

/** How the fleet agent reaches the centre: whether the uplink is connected, and a request/response call. */
public interface CentreChannel {
    boolean connected();

    /** Grows by one at every (re)connect, so a reconnect is seen even between two looks. */
    long connections();

    /** The centre's answer to {@code body} on {@code service}, or empty (offline, timeout, failure). */
    Optional<byte[]> ask(String service, byte[] body, Duration timeout);

    /** The largest message the device takes from the broker (declared at CONNECT; 0: no limit). */
    default long maxPacketBytes() {
        return 0;
    }

    /** The uplink's figures (in flight, last error, last ack...), or empty when this channel has none to give. */
    default Optional<UplinkMetrics> metrics() {
        return Optional.empty();
    }
}
