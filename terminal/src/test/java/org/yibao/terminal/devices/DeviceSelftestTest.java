package org.yibao.terminal.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.provision.ProvisionRig;
import picocli.CommandLine;

/**
 * {@code terminal selftest} checks the devices the configuration names, made by {@link
 * DeviceFactory}: FAIL when the configured device is absent (a TCP printer port nobody listens
 * on, a serial path that does not exist, GPIO on a machine without it), PASS against a real peer
 * (a TCP listener that answers status and captures the ESC/POS bytes, a socat pty the test scans into).
 */
class DeviceSelftestTest {
    @TempDir Path tmp;

    record Run(int exit, String out) {
    }

    static synchronized Run selftest(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "selftest";
            System.arraycopy(args, 0, all, 1, args.length);
            int exit = new CommandLine(new TerminalCli()).execute(all);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    static String line(String out, String check) {
        return out.lines().filter(l -> l.matches("(PASS|FAIL|SKIP)\\s+" + check + "\\s.*")).findFirst()
                .orElse("(no line for " + check + ")\n" + out);
    }

    private Path data() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        }
        return data;
    }

    private Path config(Path data, String devicesYaml) throws Exception {
        return RunDevicesTest.runFile(tmp.resolve("terminal.yaml"), data, "devices:\n" + devicesYaml.indent(2));
    }

    private static String devices(String printer, String scanner, String gpio) {
        return "card_reader: simulated\nscanner: " + scanner + "\nprinter: " + printer + "\ngpio: " + gpio;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aTcpPrinterNobodyListensForFails() throws Exception {
        Path config = config(data(), devices("{kind: tcp, address: \"127.0.0.1:" + closedPort() + "\", paper_width: 80}", "simulated", "simulated"));
        Run run = selftest("--config", config.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(line(run.out(), "printer").startsWith("FAIL"), run.out());
        assertTrue(line(run.out(), "scanner").startsWith("SKIP") && line(run.out(), "scanner").contains("模拟"), run.out());
    }

    @Test
    void aTcpPrinterThatAnswersPrintsTheTestPage() throws Exception {
        try (EscPosPeer peer = new EscPosPeer()) {
            Path config = config(data(), devices("{kind: tcp, address: \"127.0.0.1:" + peer.port() + "\", paper_width: 58}", "simulated", "simulated"));
            Run run = selftest("--config", config.toString());
            assertEquals(0, run.exit(), run.out());
            assertTrue(line(run.out(), "printer").startsWith("PASS"), run.out());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!EscPosDecoder.decode(peer.received()).transcript().contains("打印正常") && System.nanoTime() < deadline) Thread.sleep(20);
            String page = EscPosDecoder.decode(peer.received()).transcript();
            assertTrue(page.contains("自检测试页") && page.contains("打印正常"), page);
        }
    }

    @Test
    void aSerialScannerPathThatDoesNotExistFails() throws Exception {
        Path config = config(data(), devices("{kind: simulated, paper_width: 80}", "{port: /dev/ttyYIBAO-absent-scanner, prefix: \"\", charset: UTF-8}", "simulated"));
        Run run = selftest("--config", config.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(line(run.out(), "scanner-port").startsWith("FAIL"), run.out());
        assertTrue(line(run.out(), "scanner").startsWith("SKIP"), "the scan itself needs --interactive: " + run.out());
    }

    @Test
    void aSerialScannerOnAPtyOpensAndReceivesAScanWhenInteractive() throws Exception {
        try (SocatPair pty = new SocatPair(tmp)) {
            Path config = config(data(), devices("{kind: simulated, paper_width: 80}", "{port: " + pty.scannerEnd + ", prefix: \"\", charset: UTF-8}", "simulated"));
            CompletableFuture<Run> done = new CompletableFuture<>();
            pty.keepScanning("YBEC1.selftest-scan", done);
            Run run = selftest("--config", config.toString(), "--interactive", "--timeout", "10");
            done.complete(run);
            assertTrue(line(run.out(), "scanner-port").startsWith("PASS"), run.out());
            assertTrue(line(run.out(), "scanner").startsWith("PASS"), run.out());
            assertTrue(line(run.out(), "scanner").contains("19 个字符"), run.out());
            assertEquals(0, run.exit(), run.out());
        }
    }

    @Test
    void gpioPinsOnAMachineWithoutGpioFail() throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        Path config = config(data(), devices("{kind: simulated, paper_width: 80}", "simulated", "{led_green: 17, led_red: 27, buzzer: 22, button: 23}"));
        Run run = selftest("--config", config.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(line(run.out(), "led-buzzer").startsWith("FAIL"), run.out());
    }

    @Test
    void theProvisionedDevicesAreCheckedWithOnlyADataFolder() throws Exception {
        Path data = data();
        ProvisionRig rig = new ProvisionRig(data);
        ObjectNode devices = BundleJson.mapper().createObjectNode().put("card_reader", "simulated").put("scanner", "simulated").put("gpio", "simulated");
        devices.putObject("printer").put("kind", "tcp").put("address", "127.0.0.1:" + closedPort()).put("paper_width", 80);
        assertEquals(0, rig.apply(rig.bundle(rig.payload("T01", devices))).exit());

        Run run = selftest("--data-dir", data.toString());

        assertEquals(1, run.exit(), run.out());
        assertTrue(line(run.out(), "printer").startsWith("FAIL"), run.out());
        assertTrue(line(run.out(), "card-reader").contains("模拟"), run.out());
    }
}
