package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.http.ApiKey;
import org.yibao.terminal.api.http.TlsTestFiles;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * {@code api_tls} in a real run file reaches the running service: {@code terminal run} answers
 * HTTPS with the configured certificate (the API key still required), and a run file whose
 * certificate or key cannot serve is refused before anything starts, naming the field.
 */
class RunOverHttpsTest {
    private static final String KEY = "a-long-enough-api-key";
    private static final String KEY_SHA256 = sha256(KEY);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    @Test void theServiceAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        TlsTestFiles tls = TlsTestFiles.ec();
        tls.writeCertificate(dir.resolve("api.crt"));
        tls.writeKey(dir.resolve("api.key"));
        Path run = runFile("""
                api: {bind: 127.0.0.1, port: 0, api_key_sha256: %s}
                api_tls: {cert: api.crt, key: api.key}
                """.formatted(KEY_SHA256));
        HandClock clock = new HandClock(Instant.now());
        try (TerminalApp app = TerminalApp.start(TerminalConfig.load(run), devices(), clock);
             HttpClient client = HttpClient.newBuilder().sslContext(tls.trustingClient()).connectTimeout(Duration.ofSeconds(5)).build()) {
            OperatorFixtures.seed(app.api().operators());
            URI uri = app.callServiceUri();
            assertEquals("https", uri.getScheme());

            HttpResponse<String> noKey = client.send(post(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noKey.statusCode(), "the API key is still required over HTTPS: " + noKey.body());

            HttpResponse<String> answer = client.send(post(uri).header(ApiKey.HEADER, KEY).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode signedIn = MAPPER.readTree(answer.body());
            assertEquals(0, signedIn.get("infcode").intValue(), answer.body());
            assertEquals("TLSv1.3", answer.sslSession().orElseThrow().getProtocol());
        }
    }

    @Test void aLanBindInPlainHttpStartsWithAWarningThatSaysWhatCrossesTheNetwork() throws Exception {
        Path run = runFile("api: {bind: 0.0.0.0, port: 0, api_key_sha256: %s}\n".formatted(KEY_SHA256));
        Logger log = (Logger) LoggerFactory.getLogger(TerminalApp.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try (TerminalApp app = TerminalApp.start(TerminalConfig.load(run), devices(), new HandClock(Instant.now()))) {
            assertEquals("http", app.callServiceUri().getScheme());
        } finally {
            log.detachAppender(seen);
        }
        assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage().contains("plain HTTP")
                && e.getFormattedMessage().contains("api_tls")), "no warning of plain HTTP on 0.0.0.0");
    }

    @Test void aCertificateOrKeyThatCannotServeIsRefusedBeforeAnythingStarts() throws Exception {
        TlsTestFiles tls = TlsTestFiles.ec();
        tls.writeCertificate(dir.resolve("api.crt"));
        TlsTestFiles.ec().writeKey(dir.resolve("other.key"));
        String mismatched = refused(runFile("api_tls: {cert: api.crt, key: other.key}\n"));
        assertTrue(mismatched.contains("1903") && mismatched.contains("api_tls.key") && mismatched.contains("不匹配"), mismatched);

        String noKey = refused(runFile("api_tls: {cert: api.crt}\n"));
        assertTrue(noKey.contains("1902") && noKey.contains("api_tls.key"), noKey);
        String unknown = refused(runFile("api_tls: {cert: api.crt, key: other.key, password: x}\n"));
        assertTrue(unknown.contains("api_tls.password"), unknown);
        String notAMap = refused(runFile("api_tls: api.crt\n"));
        assertTrue(notAMap.contains("api_tls") && notAMap.contains("{cert:"), notAMap);
        String missing = refused(runFile("api_tls: {cert: nowhere.crt, key: other.key}\n"));
        assertTrue(missing.contains("api_tls.cert") && missing.contains("不存在"), missing);
        String bothMissing = refused(runFile("api_tls: {cert: nowhere.crt, key: nowhere.key}\n"));
        assertTrue(bothMissing.contains("api_tls.cert") && bothMissing.contains("api_tls.key"), "both named at once: " + bothMissing);
        String empty = refused(runFile("api_tls:\n"));
        assertTrue(empty.contains("1902") && empty.contains("api_tls") && empty.contains("删除此行"),
                "an empty api_tls (its lines commented out) is not plain HTTP in silence: " + empty);
        assertTrue(!Files.exists(dir.resolve("data")) || Files.list(dir.resolve("data")).findAny().isEmpty(), "nothing written");
    }

    private static String refused(Path run) {
        return assertThrows(IllegalArgumentException.class, () -> TerminalConfig.load(run)).getMessage();
    }

    private static HttpRequest.Builder post(URI uri) {
        ObjectNode signIn = Envelopes.envelope("9001", DemoSystem.FIXMEDINS_CODE + "202603020900000001", OperatorFixtures.CASHIER, "");
        signIn.put("fixmedins_code", DemoSystem.FIXMEDINS_CODE).put("fixmedins_name", DemoSystem.FIXMEDINS_NAME);
        signIn.putObject("input").putObject("signIn").put("opter_no", OperatorFixtures.CASHIER).put("mac", "")
                .put("ip", "127.0.0.1").put("term_password", OperatorFixtures.CASHIER_PASSWORD);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(Envelopes.bytes(signIn)));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static FlowDevices devices() {
        return new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new ManualScheduler()),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private Path runFile(String sections) throws Exception {
        return DemoRunFile.write(dir, sections);
    }
}
