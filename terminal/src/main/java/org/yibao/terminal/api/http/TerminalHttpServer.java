package org.yibao.terminal.api.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API on the JDK's {@code com.sun.net.httpserver}: {@code POST
 * /fsi/api/rsfComIfsService/callService}, answered by a small fixed pool with a bounded queue
 * (see {@link HttpServerConfig}). A request's headers and body are read on a virtual thread of
 * its own, and only a request read whole goes to the pool: a host whose request stops half way
 * (until {@link HttpServerConfig#maxRequestTime()} closes it) holds no thread of the pool, so it
 * never holds up another host's request. {@link #close()} stops accepting, lets running requests
 * finish for up to two seconds (then closes the connections), drops the requests not begun by then
 * (nothing is done for them), and stops the pool. With {@link HttpServerConfig#tls()} it serves
 * HTTPS only (TLS 1.3 and 1.2), the handshake read on the request's own virtual thread too.
 */
public final class TerminalHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalHttpServer.class);
    private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    /**
     * Requests are read on threads of their own, as many as there are connections, so what one
     * connection may hold is bounded: headers of at most 16 KiB (the JDK's default is 380 KiB;
     * a host's are well under 1 KiB) and at most this many connections at once (the JDK closes one
     * more as soon as it accepts it). 1,000 stalled connections then hold at most 16 MB of headers, within
     * the device's 64 MB heap. Process-wide JDK properties, set by the first server started
     * unless given on the command line.
     */
    static final String MAX_HEADER_BYTES = "sun.net.httpserver.maxReqHeaderSize";
    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";
    static final String NO_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";
    static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    static final int DEFAULT_MAX_CONNECTIONS = 1_000;

    private final HttpServer server;
    private final ExecutorService readers;
    private final ThreadPoolExecutor pool;
    private final String scheme;

    private TerminalHttpServer(HttpServer server, ExecutorService readers, ThreadPoolExecutor pool, String scheme) {
        this.server = server;
        this.readers = readers;
        this.pool = pool;
        this.scheme = scheme;
    }

    /**
     * Binds and starts; throws {@link IOException} when the address cannot be bound,
     * {@link ApiPortInUseException} when another program holds it.
     */
    public static TerminalHttpServer start(HttpServerConfig config, CallService service) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(service, "service");
        setUnlessGiven(MAX_REQ_TIME, config.maxRequestTime().toSeconds());
        setUnlessGiven(MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_BYTES);
        setUnlessGiven(MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS);
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        HttpServer server;
        try {
            server = config.tls().isPresent() ? https(address, config.queueCapacity(), config.tls().get())
                    : HttpServer.create(address, config.queueCapacity());
        } catch (BindException e) {
            if (ApiPortInUseException.inUse(e)) throw new ApiPortInUseException(address, e);
            throw e;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), namedThreads(), new ThreadPoolExecutor.AbortPolicy());
        // reading a request may take up to maxRequestTime (a slow or stalled host): never on the pool
        ExecutorService readers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("local-api-read-", 1).factory());
        server.setExecutor(readers);
        server.createContext("/", new CallServiceHttpHandler(service, config.apiKey(), config.maxBodyBytes(), pool));
        server.start();
        LOG.info("local API listening on {}://{}:{}{}{}{}", config.scheme(), config.bindAddress().getHostAddress(),
                server.getAddress().getPort(), HttpServerConfig.PATH, config.apiKey().isPresent() ? " (API key required)" : "",
                config.tls().map(tls -> " (certificate " + tls.describe() + ")").orElse(""));
        return new TerminalHttpServer(server, readers, pool, config.scheme());
    }

    /**
     * An HTTPS server: TLS 1.3 and 1.2 only, authenticated encryption only (GCM and ChaCha20, no
     * CBC or SHA-1 suites), and no renegotiation a client starts (process-wide, unless given).
     */
    private static HttpsServer https(InetSocketAddress address, int backlog, ApiTls tls) throws IOException {
        setUnlessGiven(NO_CLIENT_RENEGOTIATION, "true");
        HttpsServer server = HttpsServer.create(address, backlog);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLContext context = getSSLContext();
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setProtocols(ApiTls.protocols());
                parameters.setCipherSuites(ApiTls.aeadOnly(parameters.getCipherSuites()));
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** Sets the JDK server's process-wide property {@code name}; read once, when the first server starts. */
    private static void setUnlessGiven(String name, long value) {
        setUnlessGiven(name, Long.toString(value));
    }

    /** Sets the process-wide property {@code name} unless the command line gave it. */
    private static void setUnlessGiven(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
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
        return URI.create(scheme + "://" + host + ":" + address.getPort() + HttpServerConfig.PATH);
    }

    @Override
    public void close() {
        server.stop(2);
        for (Runnable notBegun : pool.getQueue().toArray(Runnable[]::new)) { // their hosts are gone: do nothing for them
            if (pool.remove(notBegun)) cancel(notBegun);
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) stopPool();
        } catch (InterruptedException e) {
            stopPool();
            Thread.currentThread().interrupt();
        } finally {
            readers.shutdownNow(); // their connections are closed: nothing to answer any more
        }
    }

    /** Interrupts the running requests and cancels those not begun, so no reader waits for them. */
    private void stopPool() {
        pool.shutdownNow().forEach(TerminalHttpServer::cancel);
    }

    /** Ends the wait of the reader that submitted {@code notBegun}, taken off the queue: it never runs. */
    private static void cancel(Runnable notBegun) {
        if (notBegun instanceof Future<?> request) request.cancel(false);
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
