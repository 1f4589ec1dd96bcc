package org.yibao.terminal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * {@code terminal demo} and {@code terminal demo --serve} as real child processes (the CLI's
 * main class on this test's class path): the scenario exits 0, narrates, prints the decoded
 * receipts, and leaves no process and no temporary folder; the served API signs the demo
 * operator in over HTTP and the process stops on SIGTERM.
 */
class DemoCommandProcessTest {

    @TempDir Path tmp;

    @Test
    void demoPlaysTheScenarioExitsZeroAndLeavesNothing() throws Exception {
        Process demo = start(List.of("demo"));
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(240, TimeUnit.SECONDS), "demo did not finish");
        List<ProcessHandle> left = demo.toHandle().descendants().toList();
        assertEquals(0, demo.exitValue(), out);
        for (String expected : List.of("【1】签到 9001", "✓ 2102 成功", "✓ 2103 成功", "中心离线", "脱机结算，待上传", "待申报：0 笔",
                "对账平衡", "医保结算单", "【撤销结算】", "【脱机结算 待上传】", "[CUT", "演示完成：全部步骤成功，对账平衡。")) {
            assertTrue(out.contains(expected), "missing \"" + expected + "\" in:\n" + out);
        }
        assertFalse(out.contains("371502199001011234"), "an unmasked certno was printed");
        assertFalse(out.contains("张三丰"), "an unmasked name was printed");
        assertTrue(left.isEmpty(), "processes left: " + left);
        try (Stream<Path> files = Files.list(tmp.resolve("javatmp"))) {
            List<Path> remaining = files.filter(p -> p.getFileName().toString().startsWith("yibao-demo-")).toList();
            assertTrue(remaining.isEmpty(), "temporary data left: " + remaining);
        }
    }

    @Test
    void serveAnswers9001OverHttpAndStopsOnSigterm() throws Exception {
        int port = freePort();
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
                JsonNode wrong = new PosClient(uri, DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS,
                        DemoSystem.OPERATOR).signIn("not-the-password-1");
                assertEquals(-1, wrong.path("infcode").asInt());
            }
            serve.destroy(); // SIGTERM
            assertTrue(serve.waitFor(120, TimeUnit.SECONDS), "demo --serve did not stop on SIGTERM");
            assertTrue(serve.exitValue() == 0 || serve.exitValue() == 143, "exit " + serve.exitValue());
            assertFalse(listening(port), "the API port is still open after the stop");
            assertTrue(Files.exists(tmp.resolve("data").resolve("terminal").resolve("terminal.db")), "--data-dir not used");
        } finally {
            if (serve.isAlive()) {
                serve.destroyForcibly();
                serve.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(List<String> args) throws IOException {
        Path javaTmp = Files.createDirectories(tmp.resolve("javatmp"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + javaTmp, "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), "org.yibao.terminal.cli.TerminalCli"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(tmp.resolve("stderr-" + args.size() + ".txt").toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
