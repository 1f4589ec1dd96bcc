package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * Hosts whose request stops half way (a POS that hung, a Wi-Fi link that dropped, a client that
 * declared a longer body than it sent) must not hold up the requests of others: the server
 * closes such a connection after {@link HttpServerConfig#maxRequestTime()}, but until then the
 * cashier's sign-in or settlement is answered as usual. What each such connection holds is
 * bounded (headers of at most 16 KiB).
 */
class StalledClientsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private ApiFixture api;
    private final List<Socket> stalled = new ArrayList<>();

    @BeforeEach void start() throws Exception {
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0));
    }

    @AfterEach void stop() throws Exception {
        for (Socket socket : stalled) socket.close();
        if (api != null) api.close();
    }

    private static ObjectNode signIn(int seq) {
        ObjectNode node = envelope("9001", msgid(seq), CASHIER, "");
        node.putObject("input").putObject("signIn")
                .put("opter_no", CASHIER).put("mac", "00:11:22:33:44:55").put("ip", "127.0.0.1").put("term_password", CASHIER_PASSWORD);
        return node;
    }

    /** A connection that sent {@code start} of a request and then nothing more. */
    private void stall(String start) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.server.address().getPort());
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test void requestsThatStopHalfWayDoNotHoldUpAnotherHostsRequest() throws Exception {
        int port = api.server.address().getPort();
        for (int i = 0; i < 2 * HttpServerConfig.DEFAULT_THREADS; i++) {
            if (i % 2 == 0) {
                stall("POST " + HttpServerConfig.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Le");
            } else {
                stall("POST " + HttpServerConfig.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nContent-Length: 1000\r\n\r\n{\"infno\":\"9001\"");
            }
        }
        Thread.sleep(500); // the server has taken them all up
        HttpRequest request = HttpRequest.newBuilder(api.server.callServiceUri()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(signIn(1)))).build();
        long started = System.nanoTime();
        HttpResponse<String> answer = api.client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals(0, MAPPER.readTree(answer.body()).get("infcode").intValue(), answer.body());
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("answered in %d ms beside %d stalled connections%n", millis, stalled.size());
    }

    /**
     * What one connection holds while its request is read is bounded: headers over 16 KiB close
     * the connection unanswered (the JDK's own limit, 380 KiB, let 170 connections fill the
     * device's 64 MB heap), while a host's ordinary headers, a few KiB, are answered.
     */
    @Test void headersOver16KibCloseTheConnectionWhileOrdinaryOnesAreAnswered() throws Exception {
        assertEquals(0, MAPPER.readTree(rawCall(signIn(1), 8 * 1024)).get("infcode").intValue());
        assertEquals("", rawCall(signIn(2), 20 * 1024), "no answer to headers over the limit");
    }

    /** The answer's body sent over a raw socket with {@code padding} bytes of extra headers; "" when the connection closed unanswered. */
    private String rawCall(ObjectNode request, int padding) throws Exception {
        byte[] body = bytes(request);
        StringBuilder head = new StringBuilder("POST " + HttpServerConfig.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
        for (int i = 0; padding > 0; i++, padding -= 1024) head.append("X-Pad-").append(i).append(": ").append("p".repeat(1000)).append("\r\n");
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int bodyStart = answer.indexOf("\r\n\r\n");
            return bodyStart < 0 ? "" : answer.substring(bodyStart + 4);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }
}
