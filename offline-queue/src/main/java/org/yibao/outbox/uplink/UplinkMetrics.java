package org.yibao.outbox.uplink;

import java.time.Duration;
import java.time.Instant;

/**
 * What the terminal can show about its uplink, as of one moment.
 *
 * @param connected       whether a broker session is up
 * @param centreAnswering whether the centre answers behind the broker ({@link Uplink#centreAnswering()})
 * @param backlogCount    unacknowledged messages (both lanes)
 * @param backlogBytes    their payload bytes
 * @param oldestPending   age of the oldest unacknowledged message
 * @param needsAttention  messages waiting for an operator (NEEDS_ATTENTION)
 * @param rejected        messages the centre refused
 * @param inFlight        publishes waiting for their PUBACK
 * @param lastError       the last connection or publish error, or null
 * @param lastErrorAt     when it happened, or null
 * @param lastAckAt       when the centre's last business ack arrived, or null
 * @param centreSilentSince since when the centre has not answered (see {@link Uplink#centreAnswering()}), or null
 * @param reconnects      successful connects since start
 * @param throttled       times the client said "too many publishes in progress"
 */
public record UplinkMetrics(boolean connected, boolean centreAnswering, long backlogCount, long backlogBytes, Duration oldestPending,
                            long needsAttention, long rejected, int inFlight, String lastError, Instant lastErrorAt,
                            Instant lastAckAt, Instant centreSilentSince, long reconnects, long throttled) {
}
