package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * The local API over HTTPS ({@code api_tls}): a host that trusts the terminal's certificate signs
 * in over TLS 1.3; the same port answers nothing in clear, and a host that does not trust the
 * certificate gets no further than the handshake.
 */
class HttpsApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private TlsTestFiles files;
    private ApiFixture api;

    @BeforeEach void start() throws Exception {
        files = TlsTestFiles.ec();
        ApiTls tls = ApiTls.load(files.writeCertificate(dir.resolve("api.crt")), files.writeKey(dir.resolve("api.key")));
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0).withTls(Optional.of(tls)));
    }

    @AfterEach void stop() {
        if (api != null) api.close();
    }

    @Test void aHostThatTrustsTheCertificateSignsInOverTls13() throws Exception {
        URI uri = api.server.callServiceUri();
        assertEquals("https", uri.getScheme());
        try (HttpClient client = client(files.trustingClient())) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(signIn()))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            JsonNode signedIn = MAPPER.readTree(answer.body());
            assertEquals(0, signedIn.get("infcode").intValue(), answer.body());
            assertTrue(signedIn.at("/output/signinoutb/sign_no").asText().matches("[0-9a-f]{32}"), answer.body());
            assertEquals("TLSv1.3", answer.sslSession().orElseThrow().getProtocol());
        }
        assertEquals(1, api.count("operator_session"));
    }

    @Test void theSamePortAnswersNothingInClearAndStillServesTlsAfter() throws Exception {
        int port = api.server.address().getPort();
        byte[] body = bytes(signIn());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + HttpServerConfig.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answered = readAll(socket.getInputStream());
            assertTrue(!answered.contains("HTTP/1.1 200") && !answered.contains("infcode"), "answered in clear: " + answered);
        }
        assertEquals(0, api.count("operator_session"), "nothing was done for the request sent in clear");
        aHostThatTrustsTheCertificateSignsInOverTls13();
    }

    @Test void aHostThatDoesNotTrustTheCertificateGetsNoFurtherThanTheHandshake() throws Exception {
        try (HttpClient client = client(TlsTestFiles.ec().trustingClient())) {
            HttpRequest request = HttpRequest.newBuilder(api.server.callServiceUri()).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(signIn()))).build();
            IOException e = assertThrows(IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
            assertTrue(e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException, e.toString());
        }
        assertEquals(0, api.count("operator_session"));
    }

    /** TLS 1.2 with a CBC suite (no authenticated encryption) is refused; with a GCM one it is served. */
    @Test void onlySuitesWithAuthenticatedEncryptionAreOffered() throws Exception {
        SSLParameters cbc = new SSLParameters(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"}, new String[] {"TLSv1.2"});
        try (HttpClient client = HttpClient.newBuilder().sslContext(files.trustingClient()).sslParameters(cbc)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            IOException e = assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(api.server.callServiceUri())
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes(signIn()))).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException, e.toString());
        }
        SSLParameters gcm = new SSLParameters(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, new String[] {"TLSv1.2"});
        try (HttpClient client = HttpClient.newBuilder().sslContext(files.trustingClient()).sslParameters(gcm)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(api.server.callServiceUri()).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(signIn()))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("TLSv1.2", answer.sslSession().orElseThrow().getProtocol());
        }
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static ObjectNode signIn() {
        ObjectNode node = envelope("9001", msgid(1), CASHIER, "");
        node.putObject("input").putObject("signIn")
                .put("opter_no", CASHIER).put("mac", "00:11:22:33:44:55").put("ip", "127.0.0.1").put("term_password", CASHIER_PASSWORD);
        return node;
    }

    /** What the server sends before it closes the connection (or stops sending for the socket's timeout). */
    private static String readAll(InputStream in) {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        } catch (IOException closedOrSilent) {
            // a reset or the timeout: nothing more comes
        }
        return text.toString();
    }
}
