package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.terminal.api.http.TlsTestFiles;
import picocli.CommandLine;

/** {@code terminal selftest} against a real Mosquitto, a real reference centre and real SQLite files. */
class SelftestCommandTest {

    @TempDir Path tmp;

    record Run(int exit, String out) {
    }

    static Run cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new TerminalCli()).execute(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    static Path database(Path dataDir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("terminal.db"))) {
            Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        }
        return dataDir.resolve("terminal.db");
    }

    static Path config(Path dir, Path dataDir, String broker) throws Exception {
        Path file = dir.resolve("terminal.yaml");
        Files.writeString(file, """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: {broker: "%s"}
                api_key: SECRET-API-KEY-123
                """.formatted(dataDir, broker));
        return ExamplePolicy.besides(file);
    }

    static String line(String out, String check) {
        return out.lines().filter(l -> l.matches("(PASS|FAIL|SKIP)\\s+" + check + "\\b.*")).findFirst().orElse("(no line for " + check + ")\n" + out);
    }

    /**
     * A run file the technician got wrong is what selftest is run to find: it is refused with its
     * code (exit 2), never a Java stack trace (bbprivacy). Diagnostics export writes its zip all the
     * same, the refusal in its self-test ({@link RepairToolsOnABrokenRunFileTest}).
     */
    @Test
    void aRunFileItCannotUseIsRefusedWithItsCodeNotAStackTrace() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        database(data);
        Path config = config(tmp, data, "tcp://127.0.0.1:1");
        Files.writeString(config, Files.readString(config).replace("api_key: SECRET-API-KEY-123\n", "") + """
                devices: {card_reader: simulated, scanner: simulated, printer: simulated, gpio: simulated}
                """);
        Run printer = cli("selftest", "--config", config.toString());
        assertEquals(2, printer.exit(), printer.out());
        assertTrue(printer.out().contains("\"term_errcode\":\"1903\"") && printer.out().contains("devices.printer")
                && printer.out().contains("paper_width"), printer.out());

        Path exported = tmp.resolve("d.zip");
        Run export = cli("diagnostics", "export", exported.toString(), "--config", config.toString());
        assertEquals(0, export.exit(), "the diagnostics of a broken box are exported all the same: " + export.out());
        String selftest = ZipTexts.of(exported).get("selftest.json");
        assertTrue(selftest.contains("\"check\":\"config\",\"result\":\"FAIL\"") && selftest.contains("1903")
                && selftest.contains("devices.printer"), selftest);

        Files.writeString(config, "device_id: [T01\n");
        Run malformed = cli("selftest", "--config", config.toString());
        assertEquals(2, malformed.exit(), malformed.out());
        assertTrue(malformed.out().contains("\"term_errcode\":\"1901\"") && malformed.out().contains("行第"), malformed.out());
    }

    /** run refused to start on its policy (another 统筹区, a missing file) while selftest said all was well. */
    @Test
    void thePolicyLineFailsWhatRunWouldRefuseAtStart() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        database(data);
        Path config = apiConfig(tmp, data, "");
        Run good = cli("selftest", "--config", config.toString());
        assertTrue(line(good.out(), "policy").matches("PASS\\s+policy\\s+政策 \\S+（policy\\.yaml，统筹区 371500，.*"), good.out());

        Files.writeString(config, Files.readString(config).replace("admdvs: \"371502\"", "admdvs: \"110101\""));
        Run otherArea = cli("selftest", "--config", config.toString());
        assertEquals(1, otherArea.exit(), otherArea.out());
        assertTrue(line(otherArea.out(), "policy").matches("FAIL\\s+policy\\s+1219 .*"), otherArea.out());

        Files.delete(tmp.resolve("policy.yaml"));
        Run missing = cli("selftest", "--config", config.toString());
        assertEquals(1, missing.exit(), missing.out());
        assertTrue(line(missing.out(), "policy").matches("FAIL\\s+policy\\s+1201 .*"), missing.out());
    }

    /** A port that takes the connection and never answers (another service, a broken broker): FAIL in the time given, not a hang. */
    @Test
    void aBrokerThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        database(data);
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = config(tmp, data, "tcp://127.0.0.1:" + silent.getLocalPort());
            Run down = cli("selftest", "--config", config.toString(), "--timeout", "2");
            assertEquals(1, down.exit(), down.out());
            assertTrue(line(down.out(), "uplink").startsWith("FAIL"), down.out());
            assertTrue(line(down.out(), "uplink").contains("连接超时（服务器无应答）"), down.out());
        }
    }

    @Test
    void passesWithBrokerAndCentreAndFailsWithWhyWhenTheBrokerIsDown() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        database(data);
        try (MosquittoBroker broker = MosquittoBroker.start(tmp.resolve("broker"));
             SqliteDatabase centreDb = SqliteDatabase.open(tmp.resolve("centre.db"));
             ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "c1"), ClaimStore.open(centreDb), Clock.systemUTC())) {
            Path config = config(tmp, data, broker.uri());
            Run ok = cli("selftest", "--config", config.toString(), "--timeout", "10");
            assertEquals(0, ok.exit(), ok.out());
            assertTrue(line(ok.out(), "uplink").startsWith("PASS"), ok.out());
            assertTrue(line(ok.out(), "database").startsWith("PASS"), ok.out());
            assertTrue(line(ok.out(), "clock").startsWith("PASS"), ok.out());
            assertTrue(line(ok.out(), "printer").startsWith("SKIP"), ok.out());

            broker.stop();
            Run down = cli("selftest", "--config", config.toString(), "--timeout", "3", "--json");
            assertEquals(1, down.exit(), down.out());
            assertTrue(down.out().contains("\"check\":\"uplink\",\"result\":\"FAIL\""), down.out());
            assertTrue(down.out().contains("无法连接中心"), down.out());
            assertTrue(down.out().contains("无法建立连接（服务器未运行，或地址、端口不对）"), down.out());
            assertTrue(!down.out().contains("Unable to connect"), "Paho's English for a technician: " + down.out());
        }
    }

    @Test
    void aCorruptDatabaseFailsAndIsLeftInPlaceByteForByte() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path db = database(data);
        byte[] bytes = Files.readAllBytes(db);
        for (int i = 100; i < bytes.length; i += 7) bytes[i] = (byte) 0xA5;
        Files.write(db, bytes);

        Run run = cli("selftest", "--data-dir", data.toString());

        assertEquals(1, run.exit(), run.out());
        assertTrue(line(run.out(), "database").startsWith("FAIL"), run.out());
        assertTrue(line(run.out(), "uplink").startsWith("SKIP"), run.out());
        assertArrayEquals(bytes, Files.readAllBytes(db), "the corrupt file must stay exactly as it was");
    }

    /** The {@code api} line: HTTPS with a good certificate passes naming its end; an expired one fails; plain HTTP on a LAN address fails as optional. */
    @Test
    void theApiLineTellsHowRequestsTravel() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        database(data);
        TlsTestFiles good = TlsTestFiles.ec();
        good.writeCertificate(tmp.resolve("api.crt"));
        good.writeKey(tmp.resolve("api.key"));
        Run https = cli("selftest", "--config", apiConfig(tmp, data, "api_tls: {cert: api.crt, key: api.key}\n").toString());
        assertEquals(0, https.exit(), https.out());
        assertTrue(line(https.out(), "api").matches("PASS\\s+api\\s+HTTPS 监听 127\\.0\\.0\\.1，证书 CN=terminal-api-test 有效至 \\d{4}-\\d{2}-\\d{2}（剩 36[45] 天）"),
                https.out());

        Instant now = Instant.now();
        TlsTestFiles expired = TlsTestFiles.ec(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        expired.writeCertificate(tmp.resolve("old.crt"));
        expired.writeKey(tmp.resolve("old.key"));
        Run old = cli("selftest", "--config", apiConfig(tmp, data, "api_tls: {cert: old.crt, key: old.key}\n").toString());
        assertEquals(1, old.exit(), old.out());
        assertTrue(line(old.out(), "api").startsWith("FAIL") && line(old.out(), "api").contains("不在有效期内"), old.out());

        Run lan = cli("selftest", "--config", apiConfig(tmp, data, "api: {bind: 0.0.0.0, port: 8080, api_key_sha256: "
                + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}\n").toString());
        assertEquals(0, lan.exit(), "an optional line does not fail the self-test: " + lan.out());
        assertTrue(line(lan.out(), "api").startsWith("FAIL") && line(lan.out(), "api").contains("明文 HTTP 监听 0.0.0.0")
                && line(lan.out(), "api").endsWith("(optional)"), lan.out());
    }

    /** {@code dir/terminal.yaml}: a run file for {@code dataDir} without a centre, its policy {@code dir/policy.yaml}, plus {@code more}. */
    static Path apiConfig(Path dir, Path dataDir, String more) throws Exception {
        return ExamplePolicy.besides(Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: none
                """.formatted(dataDir) + more));
    }

    @Test
    void theClockIsShownInBeijingTimeAsTheReceiptsCarryIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        database(data);
        ZoneId beijing = ZoneId.of("Asia/Shanghai");
        LocalDateTime before = LocalDateTime.now(beijing).withNano(0);
        Run run = cli("selftest", "--data-dir", data.toString());
        LocalDateTime after = LocalDateTime.now(beijing);

        String clock = line(run.out(), "clock");
        assertTrue(clock.startsWith("PASS"), run.out());
        Matcher shown = Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) Asia/Shanghai").matcher(clock);
        assertTrue(shown.find(), "the technician reads Beijing time, not UTC: " + clock);
        LocalDateTime time = LocalDateTime.parse(shown.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        assertTrue(!time.isBefore(before) && !time.isAfter(after), time + " is not Beijing time now: " + clock);
    }

    @Test
    void aMissingDatabaseFails() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("empty"));
        Run run = cli("selftest", "--data-dir", data.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(line(run.out(), "database").contains("数据库文件不存在"), run.out());
    }
}
