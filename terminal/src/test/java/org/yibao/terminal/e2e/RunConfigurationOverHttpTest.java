package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.E2eTerminal.ok;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.terminal.api.http.ApiKey;
import org.yibao.terminal.api.http.HttpServerConfig;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.provision.ProvisionRig;

/**
 * What {@code terminal run}'s configuration file says reaches the running service: a
 * {@link TerminalApp} started from {@link TerminalConfig#load} of a real run file (demo policy,
 * catalogue and code map, no centre, simulated printer and indicators), reached over HTTP on a
 * real socket. The API listens where {@code api.bind} says and requires the key whose SHA-256 is
 * configured; {@code kiosk_limits} and {@code offline_limits} change what is settled; a
 * terminal whose {@code mode} is {@code kiosk} takes person and money transactions only as a
 * kiosk's; and {@code run} refuses a LAN address without a key, naming the field, with a code.
 */
class RunConfigurationOverHttpTest {
    private static final String KEY = "a-long-enough-api-key";
    private static final Clock CLOCK = Clock.system(ZoneId.of("Asia/Shanghai"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    /** A run file for a terminal without uplink whose data folder is {@code name}, then {@code sections} (YAML). */
    private Path runFile(String name, String sections) throws Exception {
        Files.createDirectories(dir.resolve(name));
        Path files = Files.isDirectory(dir.resolve("files")) ? dir.resolve("files") : DemoFiles.copyTo(dir.resolve("files"));
        return Files.writeString(dir.resolve(name + ".yaml"), """
                device_id: RUN01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                data_dir: %s
                policy: files/%s
                catalog: files/%s
                codemap: files/%s
                centre: none
                """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                name, DemoFiles.POLICY, DemoFiles.CATALOG, DemoFiles.CODEMAP) + sections);
    }

    /** The service as {@code run} starts it for {@code runFile}, with the operators seeded and 张三丰 as the centre last answered him, just now. */
    private TerminalApp start(Path runFile) throws Exception {
        return start(runFile, CLOCK);
    }

    private TerminalApp start(Path runFile, Clock clock) throws Exception {
        FlowDevices devices = new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new ManualScheduler()),
                Optional.empty(), Optional.empty(), Optional.empty());
        TerminalApp app = TerminalApp.start(TerminalConfig.load(runFile), devices, clock);
        E2eTerminal.seedOperators(app.api().operators());
        JsonNode zhang = PersonDirectory.load(dir.resolve("files").resolve(DemoFiles.PERSONS))
                .find(HttpPos.JSON.createObjectNode().put("psn_no", ZHANG_PSN)).orElseThrow();
        app.flows().persons().remember(PersonJson.parse(zhang), CARD, Json.write(zhang), CLOCK.instant());
        app.flows().persons().touchCentre(CLOCK.instant());
        return app;
    }

    private static HttpResponse<String> post(URI uri, byte[] body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) request.header(ApiKey.HEADER, apiKey);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** 127.0.0.1 and, when this machine has one, a LAN address of its own. */
    private static List<InetAddress> reachableAddresses() throws SocketException {
        List<InetAddress> out = new ArrayList<>(List.of(InetAddress.getLoopbackAddress()));
        NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst().ifPresent(out::add);
        return out;
    }

    @Test
    void onAnyAddressWithAKeyEveryRequestMustCarryIt() throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        try (TerminalApp app = start(runFile("lan", "api: {bind: 0.0.0.0, port: 0, api_key_sha256: " + sha256 + "}\n"))) {
            String host = app.callServiceUri().getHost().replace("[", "").replace("]", "");
            assertTrue(InetAddress.ofLiteral(host).isAnyLocalAddress(), "listening on every address: " + host);
            int port = app.callServiceUri().getPort();
            HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS);
            ObjectNode input = HttpPos.JSON.createObjectNode();
            input.putObject("signIn").put("opter_no", E2eTerminal.CASHIER).put("mac", "02:00:00:00:00:01").put("ip", "127.0.0.1")
                    .put("term_password", E2eTerminal.PASSWORD);
            for (InetAddress address : reachableAddresses()) {
                URI uri = URI.create("http://" + address.getHostAddress() + ":" + port + HttpServerConfig.PATH);
                byte[] signIn = HttpPos.bytes(pos.envelope("9001", pos.nextMsgid(), E2eTerminal.CASHIER, "", "1", input));
                HttpResponse<String> none = post(uri, signIn, null);
                assertEquals(401, none.statusCode(), uri + ": " + none.body());
                assertEquals("1014", HttpPos.parse(none.body()).path("term_errcode").asText(), none.body());
                assertEquals(401, post(uri, signIn, "a-long-enough-api-kez").statusCode(), "a wrong key");
                assertEquals(401, post(uri, signIn, sha256).statusCode(), "the digest is not the key");
                HttpResponse<String> keyed = post(uri, signIn, KEY);
                assertEquals(200, keyed.statusCode(), keyed.body());
                ok(HttpPos.parse(keyed.body()));
            }
        }
    }

    /** Issue 5: 9001's sign_no "authorises that operator's requests until 9002 or a configured expiry". */
    @Test
    void theSignNoExpiresAfterTheConfiguredTime() throws Exception {
        HandClock clock = new HandClock(CLOCK.instant());
        try (TerminalApp app = start(runFile("expiry", "sign_in: {expiry_minutes: 30}\n"), clock)) {
            HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS);
            String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
            ObjectNode identify = HttpPos.JSON.createObjectNode();
            identify.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", ZHANG_CERTNO);
            clock.advance(Duration.ofMinutes(29));
            JsonNode within = call(pos, signNo, "1", "1101", identify);
            assertFalse("1606".equals(within.path("term_errcode").asText()), "29 minutes in: still signed in: " + within);
            clock.advance(Duration.ofMinutes(2));
            assertEquals("1606", code(call(pos, signNo, "1", "1101", identify)), "31 minutes in: past the configured 30");
        }
    }

    @Test
    void runRefusesAnAddressBeyondLoopbackWithoutAKeyAndStartsNothing() throws Exception {
        Path file = runFile("refused", "api: {bind: 0.0.0.0, port: 0}\n");
        ProvisionRig.Run run = ProvisionRig.cli("run", "--config", file.toString());
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("1902 配置缺少必填项：api.api_key_sha256: api.bind 0.0.0.0 不是本机回环地址，必须配置接口密钥"), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(run.out().contains("终端服务已启动"), run.out());
        assertFalse(Files.exists(dir.resolve("refused").resolve("terminal.db")), "nothing was started");
    }

    /** {@code infno} with {@code input} from {@code opterType} (1 counter, 2 kiosk), the cashier signed in as {@code signNo}. */
    private static JsonNode call(HttpPos pos, String signNo, String opterType, String infno, ObjectNode input) throws Exception {
        return HttpPos.parse(pos.post(pos.envelope(infno, pos.nextMsgid(), E2eTerminal.CASHIER, signNo, opterType, input)));
    }

    private static String code(JsonNode answer) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        return answer.path("term_errcode").asText();
    }

    /** 张三丰's 社保卡 number, as a card read stored it with his cached answer. */
    private static final String CARD = "D37150201";

    /** 张三丰 buys {@code amount} of P0002 (50.00 each) by card, with the account when {@code acctUsed} is "1". */
    private static ObjectNode drugs(String amount, String acctUsed) {
        int count = new java.math.BigDecimal(amount).divide(new java.math.BigDecimal("50.00")).intValueExact();
        ObjectNode purchase = purchase(ZHANG_PSN, "310", "03", acctUsed, line("1", "P0002", amount, Integer.toString(count), "50.00"));
        ((ObjectNode) purchase.get("druginfo")).put("mdtrt_cert_no", CARD);
        return purchase;
    }

    private static ObjectNode selfPay(ObjectNode purchase) {
        ((ObjectNode) purchase.get("druginfo")).put("term_selfpay_only", "1");
        return purchase;
    }

    @Test
    void theConfiguredKioskAndBacklogLimitsDecideWhatIsSettled() throws Exception {
        String limits = """
                api: {port: 0}
                kiosk_limits: {max_fen_per_settlement: 10000, account_allowed: true}
                offline_limits: {max_offline_hours: 72, max_backlog_count: 1, max_backlog_bytes: 52428800}
                """;
        try (TerminalApp app = start(runFile("configured", limits));
             HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS)) {
            String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
            JsonNode tooMuch = call(pos, signNo, "2", "2102", drugs("150.00", "0"));
            assertEquals("1371", code(tooMuch));
            assertTrue(tooMuch.path("err_msg").asText().contains("上限 100.00"), tooMuch.toString());
            ok(call(pos, signNo, "2", "2102", drugs("100.00", "1")));
            assertEquals(1, app.backlog(), "one claim waits for a centre this terminal does not have");
            JsonNode full = call(pos, signNo, "1", "2102", drugs("50.00", "1"));
            assertEquals("1701", code(full), "max_backlog_count 1 reached: fund payments refused");
            ok(call(pos, signNo, "1", "2102", selfPay(drugs("50.00", "0"))));
        }
        try (TerminalApp app = start(runFile("defaults", "api: {port: 0}\n"));
             HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS)) {
            String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
            ok(call(pos, signNo, "2", "2102", drugs("150.00", "0")));
            assertEquals("1372", code(call(pos, signNo, "2", "2102", drugs("100.00", "1"))), "no account at a kiosk by default");
            ok(call(pos, signNo, "1", "2102", drugs("50.00", "1")));
            assertEquals(2, app.backlog(), "the default backlog limit is far away");
        }
    }
    /** 张三丰 buys {@code amount} of P0002 by ID number (02) with the account, as a cashier at a counter does. */
    private static ObjectNode byIdNumber(String amount) {
        ObjectNode purchase = drugs(amount, "1");
        ((ObjectNode) purchase.get("druginfo")).put("mdtrt_cert_type", "02").put("mdtrt_cert_no", ZHANG_CERTNO);
        return purchase;
    }

    /** One number from the database of the data folder {@code name}, read on a read-only connection as an auditor would. */
    private long scalar(String name, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dir.resolve(name).resolve("terminal.db") + "?mode=ro");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * A kiosk host signs in as an ordinary cashier, so the envelope's opter_type was all that made a
     * request a kiosk's: one that sent 1 settled any amount from the account on a typed ID number.
     * A terminal configured {@code mode: kiosk} refuses that 1374 and writes nothing (no settlement,
     * no claim, no recorded answer), for every transaction that identifies a person or moves money;
     * sign-in and 3201 still take any opter_type; opter_type 2 settles under the kiosk's limits.
     */
    @Test
    void aTerminalConfiguredAsAKioskTakesPersonAndMoneyTransactionsOnlyAsAKiosks() throws Exception {
        String kiosk = """
                api: {port: 0}
                mode: kiosk
                kiosk_limits: {max_fen_per_settlement: 10000, account_allowed: false}
                """;
        try (TerminalApp app = start(runFile("kiosk", kiosk));
             HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS)) {
            String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD); // 9001 sent as opter_type 1
            JsonNode escape = call(pos, signNo, "1", "2102", byIdNumber("450.00"));
            assertEquals("1374", code(escape));
            assertEquals("本机为自助机，只受理自助终端（opter_type=2）交易：收到 opter_type 1；请将自助机主机发出的 opter_type 设为 2",
                    escape.path("err_msg").asText());
            for (String infno : List.of("1101", "2101", "2102", "2103", "2201", "2204", "2206", "2207", "2208")) {
                for (String opterType : List.of("1", "3")) {
                    assertEquals("1374", code(call(pos, signNo, opterType, infno, HttpPos.JSON.createObjectNode())),
                            infno + " as opter_type " + opterType);
                }
            }
            assertEquals(0, scalar("kiosk", "SELECT COUNT(*) FROM settlement"), "nothing settled");
            assertEquals(0, app.backlog(), "no claim queued");
            assertEquals(0, scalar("kiosk", "SELECT COUNT(*) FROM idempotent_reply"), "no answer recorded");

            ObjectNode period = HttpPos.JSON.createObjectNode();
            period.putObject("data").put("insutype", "").put("clr_type", "").put("setl_optins", DemoSystem.ADMDVS)
                    .put("stmt_begndate", "2026-01-01").put("stmt_enddate", "2026-12-31").put("medfee_sumamt", "0.00")
                    .put("fund_pay_sumamt", "0.00").put("acct_pay", "0.00").put("fixmedins_setl_cnt", "0").put("refd_setl_flag", "1");
            String admin = pos.signIn(E2eTerminal.ADMIN, E2eTerminal.PASSWORD);
            ok(HttpPos.parse(pos.post(pos.envelope("3201", pos.nextMsgid(), E2eTerminal.ADMIN, admin, "1", period))));

            assertEquals("1370", code(call(pos, signNo, "2", "2102", byIdNumber("50.00"))), "as a kiosk: card or QR only");
            assertEquals("1371", code(call(pos, signNo, "2", "2102", drugs("150.00", "0"))), "as a kiosk: its amount limit");
            assertEquals("1372", code(call(pos, signNo, "2", "2102", drugs("50.00", "1"))), "as a kiosk: no account");
            ok(call(pos, signNo, "2", "2102", drugs("100.00", "0")));
            assertEquals(1, scalar("kiosk", "SELECT COUNT(*) FROM settlement WHERE opter_type = '2'"));
            assertEquals(1, app.backlog());
        }
    }

    /** A counter ({@code mode: counter}, or no mode at all: every file before the key) takes opter_type 1 as ever, and 2 under the kiosk's limits. */
    @Test
    void aCounterTakesEachRequestAsItsOpterTypeSays() throws Exception {
        for (String mode : List.of("mode: counter\n", "")) {
            String name = mode.isEmpty() ? "unset" : "counter";
            try (TerminalApp app = start(runFile(name, "api: {port: 0}\nkiosk_limits: {max_fen_per_settlement: 10000, account_allowed: false}\n" + mode));
                 HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS)) {
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                ok(call(pos, signNo, "1", "2102", byIdNumber("450.00")));
                assertEquals("1371", code(call(pos, signNo, "2", "2102", drugs("150.00", "0"))), name);
                assertEquals("1370", code(call(pos, signNo, "2", "2102", byIdNumber("50.00"))), name);
                assertEquals(1, scalar(name, "SELECT COUNT(*) FROM settlement"), name);
            }
        }
    }
}
