package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;
import static org.yibao.terminal.operator.OperatorFixtures.ADMIN;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.OperatorFixtures;

class TerminalHttpServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private ApiFixture api;

    @BeforeEach void start() throws Exception {
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0));
    }

    @AfterEach void stop() {
        if (api != null) api.close();
    }

    private static ObjectNode signIn(int seq, String opter, String password) {
        ObjectNode node = envelope("9001", msgid(seq), opter, "");
        node.putObject("input").putObject("signIn")
                .put("opter_no", opter).put("mac", "00:11:22:33:44:55").put("ip", "127.0.0.1").put("term_password", password);
        return node;
    }

    private static ObjectNode signOut(int seq, String opter, String signNo) {
        ObjectNode node = envelope("9002", msgid(seq), opter, signNo);
        node.putObject("input").putObject("signOut").put("sign_no", signNo).put("opter_no", opter);
        return node;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }

    private static String code(HttpResponse<String> response) throws Exception {
        JsonNode answer = json(response);
        assertEquals(-1, answer.get("infcode").intValue(), response.body());
        return answer.get("term_errcode").asText();
    }

    @Test void signInThenSignOutEndToEnd() throws Exception {
        HttpResponse<String> in = api.post(bytes(signIn(1, CASHIER, CASHIER_PASSWORD)));
        assertEquals(200, in.statusCode());
        assertTrue(in.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonNode signedIn = json(in);
        assertEquals(0, signedIn.get("infcode").intValue(), in.body());
        String signNo = signedIn.at("/output/signinoutb/sign_no").asText();
        assertTrue(signNo.matches("[0-9a-f]{32}"), signNo);
        assertEquals("2026-03-02 09:00:00", signedIn.at("/output/signinoutb/sign_time").asText());

        JsonNode out = json(api.post(bytes(signOut(2, CASHIER, signNo))));
        assertEquals(0, out.get("infcode").intValue(), out.toString());
        assertEquals("2026-03-02 09:00:00", out.at("/output/signoutoutb/sign_time").asText());
        assertEquals("1607", code(api.post(bytes(signOut(3, CASHIER, signNo)))), "a new msgid cannot sign out twice");
    }

    @Test void theSameMsgidGetsTheSameAnswerAndADifferentBodyIsRefused() throws Exception {
        String signNo = json(api.post(bytes(signIn(1, CASHIER, CASHIER_PASSWORD)))).at("/output/signinoutb/sign_no").asText();
        byte[] out = bytes(signOut(2, CASHIER, signNo));
        String signedOut = api.post(out).body();
        assertEquals(0, MAPPER.readTree(signedOut).get("infcode").intValue(), signedOut);
        assertEquals(signedOut, api.post(out).body(), "byte for byte the recorded answer, before the handler could refuse 1607");
        ObjectNode changed = signOut(2, CASHIER, signNo);
        changed.put("opter_name", "另一个名字");
        assertEquals("1009", code(api.post(bytes(changed))));
    }

    /**
     * A 9001 is the one answer not recorded: it holds the new sign_no (kept only as a hash) and
     * its request the password. Its msgid sent again signs in again, a new session each time.
     */
    @Test void aSignInSentAgainUnderItsMsgidSignsInAgain() throws Exception {
        byte[] body = bytes(signIn(1, CASHIER, CASHIER_PASSWORD));
        String first = json(api.post(body)).at("/output/signinoutb/sign_no").asText();
        String second = json(api.post(body)).at("/output/signinoutb/sign_no").asText();
        assertNotEquals(first, second);
        assertEquals(2, api.count("operator_session"));
        assertEquals(0, api.count("idempotent_reply"));
        assertEquals("1601", code(api.post(bytes(signIn(1, CASHIER, "Wrong-pass-1")))), "the msgid replays nothing");
    }

    @Test void theRecordedAnswerSurvivesARestartOfTheTerminal() throws Exception {
        String signNo = json(api.post(bytes(signIn(1, CASHIER, CASHIER_PASSWORD)))).at("/output/signinoutb/sign_no").asText();
        api.close();
        api = null;
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0));
        byte[] body = bytes(signOut(2, CASHIER, signNo));
        String first = api.post(body).body();
        assertEquals(0, MAPPER.readTree(first).get("infcode").intValue(), "the session survived the restart: " + first);
        api.close();
        api = null;
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0));
        assertEquals(first, api.post(body).body());
    }

    @Test void aRefusalIsNotRecordedSoTheHostMayRetryTheMsgid() throws Exception {
        assertEquals("1601", code(api.post(bytes(signIn(1, CASHIER, "Wrong-pass-1")))));
        assertEquals(0, api.count("idempotent_reply"));
        assertEquals(0, json(api.post(bytes(signIn(1, CASHIER, CASHIER_PASSWORD)))).get("infcode").intValue());
    }

    @Test void badRequestsAreAnsweredWithPreciseCodesAndChangeNothing() throws Exception {
        assertEquals("1001", code(api.post(bytes("{\"infno\":"))));
        ObjectNode noMsgid = signIn(1, CASHIER, CASHIER_PASSWORD);
        noMsgid.remove("msgid");
        HttpResponse<String> missing = api.post(bytes(noMsgid));
        assertEquals(200, missing.statusCode());
        assertEquals("1003", code(missing));
        assertEquals("缺少必填字段：msgid", json(missing).get("err_msg").asText());
        ObjectNode noSignIn = envelope("9001", msgid(2), CASHIER, "");
        assertEquals("1021", code(api.post(bytes(noSignIn))), "input.signIn is the transaction's input: 1021, as 2103's data");
        ObjectNode numberPassword = signIn(3, CASHIER, CASHIER_PASSWORD);
        ((ObjectNode) numberPassword.at("/input/signIn")).put("term_password", 123456);
        assertEquals("1022", code(api.post(bytes(numberPassword))), "a field of the input: 1022, as in every transaction");
        assertEquals("1011", code(api.post(bytes(envelope("2101", msgid(4), CASHIER, "")))));
        assertEquals("1008", code(api.post(new byte[HttpServerConfig.DEFAULT_MAX_BODY_BYTES + 1])));
        assertEquals("1015", code(api.post(bytes(signIn(5, CASHIER, CASHIER_PASSWORD)), "Content-Type", "application/json; charset=GBK")));
        assertEquals(0, api.count("idempotent_reply"));
        assertEquals(0, api.count("operator_session"));
    }

    @Test void onlyPostToTheCallServicePathIsServed() throws Exception {
        URI base = api.server.callServiceUri();
        HttpResponse<String> wrongPath = api.send(base.resolve("/fsi/api/rsfComIfsService/callServiceX"), "POST",
                bytes(signIn(1, CASHIER, CASHIER_PASSWORD)));
        assertEquals(404, wrongPath.statusCode());
        assertEquals("1012", code(wrongPath));
        assertEquals(404, api.send(base.resolve("/"), "POST", new byte[0]).statusCode());
        HttpResponse<String> get = api.send(base, "GET", new byte[0]);
        assertEquals(405, get.statusCode());
        assertEquals("1013", code(get));
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
        assertEquals(0, api.count("operator_session"));
    }

    /**
     * Black-box privacy sweep (bbprivacy): a host that calls a wrong, REST-style address
     * ({@code GET /fsi/371502199001011234/D37150201}) is refused 1012, and the service's log line
     * for it wrote the path as sent, so a full 社会保障号码 and 卡号 reached the log (journald,
     * DATA/logs/terminal.log). Personal data is masked in logs: the refused path's numbers must not
     * appear in full (the query string is already left out).
     */
    @Test void aRefusedPathCarryingAnIdNumberIsNotLoggedInFull() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CallServiceHttpHandler.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try {
            URI base = api.server.callServiceUri();
            HttpResponse<String> wrong = api.send(base.resolve("/fsi/371502199001011234/D37150201"), "GET", new byte[0]);
            assertEquals(404, wrong.statusCode());
            assertEquals("1012", code(wrong));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("404")), "the refusal is logged: " + lines);
        for (String line : lines) {
            assertTrue(!line.contains("371502199001011234") && !line.contains("D37150201"), "personal data in the log: " + line);
        }
    }

    @Test void aSignOutByAnotherOperatorIsRefused() throws Exception {
        String signNo = json(api.post(bytes(signIn(1, CASHIER, CASHIER_PASSWORD)))).at("/output/signinoutb/sign_no").asText();
        assertEquals("1608", code(api.post(bytes(signOut(2, ADMIN, signNo)))));
        assertEquals("1605", code(api.post(bytes(signOut(3, CASHIER, "")))));
    }

    @Test void concurrentRequestsWithOneMsgidSignOutOnce() throws Exception {
        String signNo = json(api.post(bytes(signIn(1, CASHIER, CASHIER_PASSWORD)))).at("/output/signinoutb/sign_no").asText();
        byte[] body = bytes(signOut(2, CASHIER, signNo));
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService hosts = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) answers.add(hosts.submit((Callable<String>) () -> api.post(body).body()));
        }
        String first = answers.getFirst().get();
        assertEquals(0, MAPPER.readTree(first).get("infcode").intValue(), first);
        for (Future<String> answer : answers) {
            assertEquals(first, answer.get(), "a duplicate waits for the first answer and gets it, byte for byte");
        }
        assertEquals(1, api.count("idempotent_reply"));
    }

    @Test void beyondLoopbackTheServerRefusesToStartWithoutAnApiKey() throws Exception {
        HttpServerConfig loopback = HttpServerConfig.loopback(0);
        IllegalArgumentException lan = assertThrows(IllegalArgumentException.class,
                () -> loopback.bindingTo(InetAddress.getByName("192.168.1.20"), null));
        assertTrue(lan.getMessage().contains(ApiKey.HEADER), lan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loopback.bindingTo(InetAddress.getByName("0.0.0.0"), null));
        assertThrows(IllegalArgumentException.class, () -> ApiKey.of("too-short"));
        HttpServerConfig withKey = loopback.bindingTo(InetAddress.getByName("192.168.1.20"), ApiKey.of("a-long-enough-api-key"));
        assertTrue(withKey.apiKey().isPresent());
    }

    @Test void aConfiguredApiKeyIsRequiredOnEveryRequest() throws Exception {
        api.close();
        api = null;
        HttpServerConfig keyed = HttpServerConfig.loopback(0).bindingTo(InetAddress.getLoopbackAddress(),
                ApiKey.of("a-long-enough-api-key"));
        api = ApiFixture.start(dir, clock, keyed);
        byte[] body = bytes(signIn(1, CASHIER, CASHIER_PASSWORD));
        HttpResponse<String> none = api.post(body);
        assertEquals(401, none.statusCode());
        assertEquals("1014", code(none));
        assertEquals(401, api.post(body, ApiKey.HEADER, "a-long-enough-api-kez").statusCode());
        HttpResponse<String> right = api.post(body, ApiKey.HEADER, "a-long-enough-api-key");
        assertEquals(200, right.statusCode());
        assertEquals(0, json(right).get("infcode").intValue());
        assertNotEquals(none.body(), right.body());
    }

    @Test void aSecondServerOnATakenPortSaysWhichPort(@TempDir Path other) {
        int port = api.server.address().getPort();
        ApiPortInUseException taken = assertThrows(ApiPortInUseException.class,
                () -> ApiFixture.start(other, clock, HttpServerConfig.loopback(port)).close());
        assertEquals(port, taken.address().getPort());
        assertTrue(HostFailures.refusal(taken).orElseThrow().errMsg().contains(Integer.toString(port)));
    }
}
