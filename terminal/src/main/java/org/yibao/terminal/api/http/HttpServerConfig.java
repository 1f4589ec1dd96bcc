package org.yibao.terminal.api.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the local HTTP API, validated when built. Promises: an address other than
 * loopback (a LAN address or the wildcard) is accepted only with an {@link ApiKey}; with a key
 * every request must carry it, whatever the address. {@code port} 0 picks a free port.
 *
 * @param bindAddress      where to listen; loopback by default
 * @param port             TCP port, 0 for any free one
 * @param apiKey           required beyond loopback
 * @param maxBodyBytes     larger request bodies are refused with 413 and {@code 1008}
 * @param threads          size of the fixed pool that runs requests
 * @param queueCapacity    requests waiting for a thread beyond this are dropped (connection closed)
 * @param maxRequestTime   a request (headers and body) must arrive within this, else the
 *                         connection is closed; applied through the JDK server's process-wide
 *                         {@code sun.net.httpserver.maxReqTime}, set by the first server started
 * @param tls              HTTPS with this certificate and key; empty for plain HTTP
 */
public record HttpServerConfig(InetAddress bindAddress, int port, Optional<ApiKey> apiKey, int maxBodyBytes, int threads,
                               int queueCapacity, Duration maxRequestTime, Optional<ApiTls> tls) {
    /** The national platform's path, so a host integrated with the platform can point its base URL here. */
    public static final String PATH = "/fsi/api/rsfComIfsService/callService";
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_QUEUE = 32;
    public static final Duration DEFAULT_MAX_REQUEST_TIME = Duration.ofSeconds(30);

    public HttpServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(maxRequestTime, "maxRequestTime");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
        if (threads < 1 || queueCapacity < 1) throw new IllegalArgumentException("threads and queueCapacity must be positive");
        if (maxRequestTime.toSeconds() < 1) throw new IllegalArgumentException("maxRequestTime must be at least one second");
        if (!bindAddress.isLoopbackAddress() && apiKey.isEmpty()) {
            throw new IllegalArgumentException("refusing to listen on " + bindAddress.getHostAddress()
                    + " (not loopback) without an API key: configure one; hosts then send it in " + ApiKey.HEADER);
        }
    }

    /** As the canonical constructor, plain HTTP. */
    public HttpServerConfig(InetAddress bindAddress, int port, Optional<ApiKey> apiKey, int maxBodyBytes, int threads,
                            int queueCapacity, Duration maxRequestTime) {
        this(bindAddress, port, apiKey, maxBodyBytes, threads, queueCapacity, maxRequestTime, Optional.empty());
    }

    /** Loopback (127.0.0.1) on {@code port}, no key, default limits. */
    public static HttpServerConfig loopback(int port) {
        return new HttpServerConfig(InetAddress.getLoopbackAddress(), port, Optional.empty(), DEFAULT_MAX_BODY_BYTES,
                DEFAULT_THREADS, DEFAULT_QUEUE, DEFAULT_MAX_REQUEST_TIME);
    }

    /** This configuration listening on {@code address} with {@code key} (null for none). */
    public HttpServerConfig bindingTo(InetAddress address, ApiKey key) {
        return new HttpServerConfig(address, port, Optional.ofNullable(key), maxBodyBytes, threads, queueCapacity,
                maxRequestTime, tls);
    }

    /** This configuration served over HTTPS with {@code tls} (empty: plain HTTP). */
    public HttpServerConfig withTls(Optional<ApiTls> tls) {
        return new HttpServerConfig(bindAddress, port, apiKey, maxBodyBytes, threads, queueCapacity, maxRequestTime, tls);
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
