package org.yibao.outbox.uplink;

import java.time.Duration;

/** How long to wait before reconnect attempt number {@code attempt} (1 for the first retry). */
@FunctionalInterface
public interface Backoff {

    Duration delay(int attempt);
}
