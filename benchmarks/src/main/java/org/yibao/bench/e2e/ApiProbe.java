package org.yibao.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for the local API to answer: posts a 1101 without a sign-in (parsed, looked up in the
 * msgid store, refused by the authoriser: a real trip through the API and the database) every
 * 2 ms until any HTTP answer comes back.
 */
public final class ApiProbe {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Envelopes envelopes = new Envelopes(new ObjectMapper());
    private final ObjectMapper json = new ObjectMapper();

    /** {@code http://127.0.0.1:PORT/fsi/api/rsfComIfsService/callService}. */
    public static URI callService(int port) {
        return URI.create("http://127.0.0.1:" + port + "/fsi/api/rsfComIfsService/callService");
    }

    /**
     * Returns {@link System#nanoTime()} when the first answer arrived; fails when {@code child}
     * ends or {@code limit} passes first.
     */
    public long awaitAnswer(URI uri, ChildProcess child, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] body = json.writeValueAsBytes(envelopes.envelope("1101", "0001", "", json.createObjectNode()));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        while (System.nanoTime() < deadline) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                return System.nanoTime();
            } catch (IOException notYet) {
                child.requireAlive();
                Thread.sleep(2);
            }
        }
        throw new IllegalStateException("the API did not answer within " + limit + ":\n" + child.tail());
    }

    /** Waits until {@code child} answers on {@code port}; returns the milliseconds since it was started. */
    public double startupMillis(ChildProcess child, int port, Duration limit) throws IOException, InterruptedException {
        return (awaitAnswer(callService(port), child, limit) - child.startedNanos()) / 1e6;
    }
}
