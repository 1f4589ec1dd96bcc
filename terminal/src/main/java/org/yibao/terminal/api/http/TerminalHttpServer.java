package org.yibao.terminal.api.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API on the JDK's {@code com.sun.net.httpserver}: {@code POST
 * /fsi/api/rsfComIfsService/callService}, served by a small fixed pool with a bounded queue
 * (see {@link HttpServerConfig}). {@link #close()} stops accepting, lets running requests finish
 * for up to two seconds, and stops the pool.
 */
public final class TerminalHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalHttpServer.class);
    private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";

    private final HttpServer server;
    private final ThreadPoolExecutor pool;

    private TerminalHttpServer(HttpServer server, ThreadPoolExecutor pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Binds and starts; throws {@link IOException} when the address cannot be bound,
     * {@link ApiPortInUseException} when another program holds it.
     */
    public static TerminalHttpServer start(HttpServerConfig config, CallService service) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(service, "service");
        if (System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, Long.toString(config.maxRequestTime().toSeconds()));
        }
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        HttpServer server;
        try {
            server = HttpServer.create(address, config.queueCapacity());
        } catch (BindException e) {
            if (ApiPortInUseException.inUse(e)) throw new ApiPortInUseException(address, e);
            throw e;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), namedThreads(), new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(pool);
        server.createContext("/", new CallServiceHttpHandler(service, config.apiKey(), config.maxBodyBytes()));
        server.start();
        LOG.info("local API listening on http://{}:{}{}{}", config.bindAddress().getHostAddress(),
                server.getAddress().getPort(), HttpServerConfig.PATH, config.apiKey().isPresent() ? " (API key required)" : "");
        return new TerminalHttpServer(server, pool);
    }

    /** The bound address (with the actual port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The full URI of the call service. */
    public URI callServiceUri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + address.getPort() + HttpServerConfig.PATH);
    }

    @Override
    public void close() {
        server.stop(2);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
