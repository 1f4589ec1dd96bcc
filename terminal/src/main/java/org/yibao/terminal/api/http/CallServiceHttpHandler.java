package org.yibao.terminal.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.diagnostics.PersonalDataScrubber;
import org.yibao.terminal.api.envelope.EnvelopeReason;
import org.yibao.terminal.domain.Refusal;

/**
 * HTTP in front of {@link CallService}: only {@code POST} to {@link HttpServerConfig#PATH}
 * (404 / 405 otherwise), the API key when one is configured (401), a declared charset other than
 * UTF-8 refused (415), bodies above the cap refused (413). Every answer, errors included, is a
 * JSON response envelope; business outcomes travel with HTTP 200 as on the national platform.
 * The request is read, and a copy of one still being answered waits for that answer, on the
 * caller's thread (the server's reader); the request's work runs on {@code workers}, the API's
 * bounded pool, and when its queue is full the connection is closed unanswered (nothing was done).
 */
final class CallServiceHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CallServiceHttpHandler.class);

    private final CallService service;
    private final Optional<ApiKey> apiKey;
    private final int maxBodyBytes;
    private final ExecutorService workers;

    CallServiceHttpHandler(CallService service, Optional<ApiKey> apiKey, int maxBodyBytes, ExecutorService workers) {
        this.service = Objects.requireNonNull(service, "service");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.maxBodyBytes = maxBodyBytes;
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!HttpServerConfig.PATH.equals(exchange.getRequestURI().getPath())) {
                refuse(exchange, 404, EnvelopeReason.WRONG_PATH, HttpServerConfig.PATH);
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                refuse(exchange, 405, EnvelopeReason.WRONG_METHOD, exchange.getRequestMethod());
            } else if (apiKey.isPresent() && !apiKey.get().matches(exchange.getRequestHeaders().getFirst(ApiKey.HEADER))) {
                refuse(exchange, 401, EnvelopeReason.BAD_API_KEY, ApiKey.HEADER);
            } else if (!utf8(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                refuse(exchange, 415, EnvelopeReason.BAD_CONTENT_TYPE, "");
            } else {
                byte[] body = readCapped(exchange.getRequestBody());
                if (body == null) refuse(exchange, 413, EnvelopeReason.TOO_LARGE, "上限 " + maxBodyBytes + " 字节");
                else send(exchange, 200, answered(body));
            }
        } catch (IOException e) {
            LOG.warn("HTTP exchange with {} failed: {}", exchange.getRemoteAddress(), e.toString());
            throw e;
        }
    }

    /**
     * {@link CallService#call} of {@code body}, its work run on the pool (waiting for another
     * request with its msgid is done here, holding no thread of the pool); an IOException when
     * the pool cannot run it.
     */
    private String answered(byte[] body) throws IOException {
        try {
            return service.call(body, work -> {
                Future<String> answer = workers.submit(work::get);
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("the local API is stopping");
                } catch (ExecutionException e) {
                    throw new IllegalStateException("CallService's work never throws", e.getCause());
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("every thread of the local API is busy and its queue full (or it is stopping)", e);
        } catch (CancellationException e) {
            throw new IOException("the local API stopped before the request was answered", e);
        }
    }

    /** The body, or null when it is longer than the cap (reading stops at cap + 1 bytes). */
    private byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        return body.length > maxBodyBytes ? null : body;
    }

    private static boolean utf8(String contentType) {
        if (contentType == null) return true;
        for (String parameter : contentType.toLowerCase(Locale.ROOT).split(";")) {
            String p = parameter.strip();
            if (p.startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "").strip();
                return charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return true;
    }

    private void refuse(HttpExchange exchange, int status, EnvelopeReason reason, String detail) throws IOException {
        // a wrong path is the caller's text: it may carry an ID or card number
        LOG.info("HTTP {} {} -> {} {}", exchange.getRequestMethod(), PersonalDataScrubber.scrub(exchange.getRequestURI().getPath()),
                status, reason.code());
        send(exchange, status, service.refusal(new Refusal(reason, detail)));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
