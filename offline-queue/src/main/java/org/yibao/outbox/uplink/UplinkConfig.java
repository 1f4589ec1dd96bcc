package org.yibao.outbox.uplink;

import java.time.Duration;
import java.util.Objects;
import org.yibao.outbox.wire.Topics;

/**
 * How the uplink talks to the broker; immutable and validated.
 *
 * @param serverUri        {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param topics           the device's topic layout (its device id is the MQTT client id)
 * @param sessionExpiry    how long the broker keeps the session (clean start is always off)
 * @param keepAlive        MQTT keep-alive
 * @param connectTimeout   how long one connect attempt may take
 * @param inFlightWindow   the application's own limit of unacknowledged publishes; it is also
 *                         kept below the broker's receive maximum
 * @param catchUpPerSecond publish rate limit (token bucket), which paces catch-up after reconnect
 * @param catchUpBurst     bucket size
 * @param ackTimeout       a SENT message without a business answer for this long is published again
 * @param pollInterval     how often the worker looks for new rows when nobody woke it
 * @param tls              client-certificate TLS, or null for plain TCP (loopback tests)
 * @param batchMax         at most this many messages of one lane travel in one publish (1-256; 1
 *                         publishes every message on its own, as a device before batches did)
 * @param heartbeat        how often the uplink asks the centre's {@code ping} service while
 *                         connected (and once at every connect), so a centre that stopped
 *                         answering behind a connected broker is noticed without waiting for a
 *                         purchase; the ping waits at most the heartbeat or 10 s, whichever is shorter
 * @param maxPacketBytes   the largest MQTT packet the device takes, declared at CONNECT (0: none), so
 *                         the broker drops a larger message instead of the device running out of heap
 *                         as the MQTT client reads it
 */
public record UplinkConfig(String serverUri, Topics topics, Duration sessionExpiry, Duration keepAlive,
                           Duration connectTimeout, int inFlightWindow, int catchUpPerSecond, int catchUpBurst,
                           Duration ackTimeout, Duration pollInterval, TlsFiles tls, int batchMax, Duration heartbeat,
                           long maxPacketBytes) {

    /** Messages per publish unless configured: 32 claims of about 1.5 KB on the wire make about 48 KB. */
    public static final int DEFAULT_BATCH = 32;
    /** How often the centre is pinged unless configured. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofMinutes(2);

    public UplinkConfig {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(topics, "topics");
        if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
            throw new IllegalArgumentException("server URI must be tcp:// or ssl://: " + serverUri);
        }
        if (serverUri.startsWith("ssl://") && tls == null) {
            throw new IllegalArgumentException("ssl:// needs the device's TLS files");
        }
        if (inFlightWindow < 1 || inFlightWindow > 1000) {
            throw new IllegalArgumentException("in-flight window must be 1-1000: " + inFlightWindow);
        }
        if (batchMax < 1 || batchMax > 256) {
            throw new IllegalArgumentException("batch size must be 1-256: " + batchMax);
        }
        if (maxPacketBytes < 0 || maxPacketBytes > MQTT_MAX_PACKET) {
            throw new IllegalArgumentException("maximum packet size must be 0-" + MQTT_MAX_PACKET + ": " + maxPacketBytes);
        }
        if (catchUpPerSecond < 1 || catchUpBurst < 1) {
            throw new IllegalArgumentException("catch-up rate and burst must be positive");
        }
        for (Duration d : new Duration[] {sessionExpiry, keepAlive, connectTimeout, ackTimeout, pollInterval, heartbeat}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive");
            }
        }
    }

    /** Defaults: 7-day session, 30 s keep-alive, window 16 publishes of up to 32 messages, 500 msg/s catch-up, 5 min ack timeout, 2 min heartbeat. */
    public static UplinkConfig of(String serverUri, Topics topics) {
        return new UplinkConfig(serverUri, topics, Duration.ofDays(7), Duration.ofSeconds(30), Duration.ofSeconds(10),
                16, 500, 100, Duration.ofMinutes(5), Duration.ofMillis(500), null, DEFAULT_BATCH, DEFAULT_HEARTBEAT,
                heapBoundPacket(Runtime.getRuntime().maxMemory()));
    }

    /** The defaults of {@link #of(String, Topics)} with the device's TLS files ({@code ssl://} needs them). */
    public static UplinkConfig of(String serverUri, Topics topics, TlsFiles tls) {
        return new UplinkConfig(serverUri, topics, Duration.ofDays(7), Duration.ofSeconds(30), Duration.ofSeconds(10),
                16, 500, 100, Duration.ofMinutes(5), Duration.ofMillis(500), tls, DEFAULT_BATCH, DEFAULT_HEARTBEAT,
                heapBoundPacket(Runtime.getRuntime().maxMemory()));
    }

    public UplinkConfig withInFlightWindow(int window) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, window,
                catchUpPerSecond, catchUpBurst, ackTimeout, pollInterval, tls, batchMax, heartbeat, maxPacketBytes);
    }

    public UplinkConfig withCatchUp(int perSecond, int burst) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, inFlightWindow,
                perSecond, burst, ackTimeout, pollInterval, tls, batchMax, heartbeat, maxPacketBytes);
    }

    public UplinkConfig withAckTimeout(Duration timeout) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, inFlightWindow,
                catchUpPerSecond, catchUpBurst, timeout, pollInterval, tls, batchMax, heartbeat, maxPacketBytes);
    }

    public UplinkConfig withTls(TlsFiles files) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, inFlightWindow,
                catchUpPerSecond, catchUpBurst, ackTimeout, pollInterval, files, batchMax, heartbeat, maxPacketBytes);
    }

    /** The same with at most {@code messages} per publish (1: one message per publish). */
    public UplinkConfig withBatch(int messages) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, inFlightWindow,
                catchUpPerSecond, catchUpBurst, ackTimeout, pollInterval, tls, messages, heartbeat, maxPacketBytes);
    }

    /** The same with the centre pinged every {@code every}. */
    public UplinkConfig withHeartbeat(Duration every) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, inFlightWindow,
                catchUpPerSecond, catchUpBurst, ackTimeout, pollInterval, tls, batchMax, every, maxPacketBytes);
    }

    /** The same declaring {@code bytes} as the largest packet the device takes (0: none). */
    public UplinkConfig withMaxPacket(long bytes) {
        return new UplinkConfig(serverUri, topics, sessionExpiry, keepAlive, connectTimeout, inFlightWindow,
                catchUpPerSecond, catchUpBurst, ackTimeout, pollInterval, tls, batchMax, heartbeat, bytes);
    }

    /**
     * The largest packet a JVM with {@code maxHeap} bytes of heap takes by default: a sixth of it,
     * from 1 MiB up to MQTT's own limit. The MQTT client holds an incoming message twice as it reads
     * it, and a fleet update is then decoded beside it; with the package's 64 MB heap this is about
     * 10 MB, a catalogue of about 5.5 MB.
     */
    public static long heapBoundPacket(long maxHeap) {
        return Math.max(1L << 20, Math.min(MQTT_MAX_PACKET, maxHeap / 6));
    }

    /** How long a heartbeat waits for the centre's answer. */
    public Duration pingTimeout() {
        return heartbeat.compareTo(PING_TIMEOUT) < 0 ? heartbeat : PING_TIMEOUT;
    }

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    /** MQTT's largest packet (the remaining length's four bytes, plus the fixed header). */
    static final long MQTT_MAX_PACKET = 268_435_460L;
}
