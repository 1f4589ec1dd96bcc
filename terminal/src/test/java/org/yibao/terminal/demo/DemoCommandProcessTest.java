package org.yibao.terminal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * {@code terminal demo} and {@code terminal demo --serve} as real child processes (the CLI's
 * main class on this test's class path): the scenario exits 0, narrates (a card purchase with the
 * 社保卡 read from the simulated reader, a voucher purchase with the QR read from the simulated
 * scanner), prints the decoded receipts, and leaves no process and no temporary folder; the
 * served API signs the demo operator in over HTTP, the process stops on SIGTERM, and no private
 * key was written.
 */
class DemoCommandProcessTest {

    /** terminal.jar's own logging (WARN to stderr), not the test class path's logback-test.xml (INFO to stdout). */
    private static final Path JAR_LOGBACK = Path.of("src/main/resources/logback.xml");

    @TempDir Path tmp;

    @Test
    void demoPlaysTheScenarioExitsZeroAndLeavesNothing() throws Exception {
        Process demo = start(List.of("demo"));
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(240, TimeUnit.SECONDS), "demo did not finish");
        List<ProcessHandle> left = demo.toHandle().descendants().toList();
        assertEquals(0, demo.exitValue(), out);
        for (String expected : List.of("【1】签到 9001", "✓ 2102 成功", "✓ 2103 成功", "中心离线", "脱机结算，待上传",
                "脱机期间待申报：2 笔", "待申报：0 笔",
                "对账平衡", "医保结算单", "【撤销结算】", "【脱机结算 待上传】", "[CUT", "演示完成：全部步骤成功，对账平衡。")) {
            assertTrue(out.contains(expected), "missing \"" + expected + "\" in:\n" + out);
        }
        assertFalse(out.contains("371502199001011234"), "an unmasked certno was printed");
        assertFalse(out.contains("张三丰"), "an unmasked name was printed");
        assertFalse(out.contains("D37150201"), "an unmasked card number was printed");
        assertFalse(out.contains("王老五"), "an unmasked name was printed");
        theCardAndTheVoucherWereReadByTheTerminalAndSettled(out);
        String err = Files.readString(tmp.resolve("stderr-1.txt"), StandardCharsets.UTF_8);
        assertFalse(err.contains(" WARN "), "the narration says what the uplink does; no log line interleaves it:\n" + err);
        assertTrue(left.isEmpty(), "processes left: " + left);
        try (Stream<Path> files = Files.list(tmp.resolve("javatmp"))) {
            List<Path> remaining = files.filter(p -> p.getFileName().toString().startsWith("yibao-demo-")).toList();
            assertTrue(remaining.isEmpty(), "temporary data left: " + remaining);
        }
    }

    /**
     * A SIGTERM (Ctrl-C's shutdown path) while the scenario plays stops the demo and deletes its
     * temporary folder: no process, no broker or centre database, no terminal.db is left.
     */
    @Test
    void demoStoppedDuringTheScenarioLeavesNoTemporaryFolder() throws Exception {
        Process demo = start(List.of("demo"));
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("【1】")) {
                seen.add(line);
            }
            assertTrue(line != null, "the demo ended before its first step: " + seen);
            demo.destroy(); // SIGTERM, as the terminal's Ctrl-C runs the same shutdown hooks
            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "demo did not stop on SIGTERM");
            try (Stream<Path> files = Files.list(tmp.resolve("javatmp"))) {
                List<Path> remaining = files.filter(p -> p.getFileName().toString().startsWith("yibao-demo-")).toList();
                assertTrue(remaining.isEmpty(), "temporary data left after a stop during the scenario: " + remaining);
            }
        } finally {
            if (demo.isAlive()) {
                demo.destroyForcibly();
                demo.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code demo --serve --data-dir} given a folder with other data (here a policy of its own and a
     * note) refuses 1968 at once and changes nothing in it: it would overwrite {@code files/} and
     * settle into its {@code terminal/terminal.db}.
     */
    @Test
    void serveRefusesAFolderWithOtherDataAndLeavesItUntouched() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine").resolve("files")).getParent();
        Files.writeString(mine.resolve("files").resolve("policy.yaml"), "my own policy\n");
        Files.writeString(mine.resolve("notes.txt"), "keep\n");
        Process serve = start(List.of("demo", "--serve", "--api-port", String.valueOf(LoopbackPorts.free()), "--data-dir", mine.toString()));
        try {
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "demo --serve used a folder with other data");
            String out = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, serve.exitValue(), out);
            assertTrue(out.contains("\"term_errcode\":\"1968\""), out);
            String err = Files.readString(tmp.resolve("stderr-6.txt"), StandardCharsets.UTF_8);
            assertTrue(err.contains("1968 该目录已有其他数据"), err);
            assertEquals("my own policy\n", Files.readString(mine.resolve("files").resolve("policy.yaml")));
            try (Stream<Path> entries = Files.walk(mine)) {
                assertEquals(List.of(mine, mine.resolve("files"), mine.resolve("files").resolve("policy.yaml"),
                        mine.resolve("notes.txt")), entries.sorted().toList(), "the folder was changed");
            }
        } finally {
            if (serve.isAlive()) {
                serve.destroyForcibly();
                serve.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The card step (a simulated 社保卡 picked up by 1101 with term_wait_s) and the voucher step (a scanned YBEC1). */
    private static void theCardAndTheVoucherWereReadByTheTerminalAndSettled(String out) {
        String card = step(out, "刷卡 1101");
        assertTrue(card.contains("插入张*丰的社保卡（卡号 D******01）") && card.contains("term_wait_s=10"), card);
        assertTrue(card.contains("✓ 1101 成功") && card.contains("张*丰  险种 310  人员类别 11  账户余额 1500.00  来源 online"), card);
        String cardSettled = step(out, "结算 2102：同一笔刷卡购药");
        assertTrue(cardSettled.contains("总额 316.60  统筹 131.50  账户 185.10  现金 0.00"), cardSettled);
        for (String lv : List.of("行1 01", "行2 02", "行3 02", "行4 03")) assertTrue(cardSettled.contains(lv), cardSettled);
        String voucher = step(out, "扫码 1101");
        assertTrue(voucher.contains("YBEC1，演示平台 SM2 签名") && voucher.contains("✓ 1101 成功"), voucher);
        assertTrue(voucher.contains("王*五  险种 310  人员类别 12  账户余额 820.40  来源 online"), voucher);
        String voucherSettled = step(out, "结算 2102：王*五扫码购药");
        assertTrue(voucherSettled.contains("✓ 2102 成功") && voucherSettled.contains("总额 73.30"), voucherSettled);
        String receipt = out.substring(out.indexOf("姓名：王*五"));
        assertTrue(receipt.substring(0, receipt.indexOf("[CUT")).contains("阿托伐他汀钙片           乙       14       47.80"), receipt);
    }

    @Test
    void serveAnswers9001OverHttpAndStopsOnSigterm() throws Exception {
        int port = LoopbackPorts.free();
        Process serve = start(List.of("demo", "--serve", "--api-port", String.valueOf(port), "--data-dir",
                tmp.resolve("data").toString()));
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("演示终端已启动")) {
                seen.add(line);
            }
            assertTrue(line != null, "serve ended before it was ready: " + seen);
            URI uri = URI.create(line.substring(line.indexOf("http")));
            assertEquals(port, uri.getPort());
            try (PosClient pos = new PosClient(uri, DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS,
                    DemoSystem.OPERATOR)) {
                JsonNode signedIn = pos.signIn(DemoSystem.PASSWORD);
                assertEquals(0, signedIn.path("infcode").asInt(-1), signedIn.toString());
                assertFalse(signedIn.at("/output/signinoutb/sign_no").asText("").isEmpty());
                ObjectNode byId = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                byId.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", "371502199001011234")
                        .put("psn_cert_type", "01").put("certno", "371502199001011234");
                JsonNode identified = pos.call("1101", byId);
                assertEquals(0, identified.path("infcode").asInt(-1), "ready at the start line: the embedded centre answers " + identified);
                assertEquals("online", identified.at("/output/term_source").asText(), identified.toString());
                JsonNode wrong = new PosClient(uri, DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS,
                        DemoSystem.OPERATOR).signIn("not-the-password-1");
                assertEquals(-1, wrong.path("infcode").asInt());
            }
            serve.destroy(); // SIGTERM
            assertTrue(serve.waitFor(120, TimeUnit.SECONDS), "demo --serve did not stop on SIGTERM");
            assertTrue(serve.exitValue() == 0 || serve.exitValue() == 143, "exit " + serve.exitValue());
            String err = Files.readString(tmp.resolve("stderr-6.txt"), StandardCharsets.UTF_8);
            assertFalse(err.contains("cannot connect"), "the embedded broker starting after the terminal is no warning:\n" + err);
            assertFalse(listening(port), "the API port is still open after the stop");
            assertTrue(Files.exists(tmp.resolve("data").resolve("terminal").resolve("terminal.db")), "--data-dir not used");
            assertTrue(Files.readString(tmp.resolve("data").resolve("files").resolve("voucher-trust.json")).contains("PUBLIC KEY"));
            try (Stream<Path> files = Files.walk(tmp.resolve("data"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"),
                            "the demo platform's private key was written to " + f);
                }
            }
        } finally {
            if (serve.isAlive()) {
                serve.destroyForcibly();
                serve.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The narration of the step whose title starts with {@code title}, up to the next step. */
    private static String step(String out, String title) {
        int at = out.indexOf("】" + title);
        assertTrue(at >= 0, "no step \"" + title + "\" in:\n" + out);
        int next = out.indexOf("【", at + 1);
        return out.substring(at, next < 0 ? out.length() : next);
    }

    private Process start(List<String> args) throws IOException {
        Path javaTmp = Files.createDirectories(tmp.resolve("javatmp"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + javaTmp, "-Dfile.encoding=UTF-8",
                "-Dlogback.configurationFile=" + JAR_LOGBACK.toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "org.yibao.terminal.cli.TerminalCli"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(tmp.resolve("stderr-" + args.size() + ".txt").toFile()).start();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
