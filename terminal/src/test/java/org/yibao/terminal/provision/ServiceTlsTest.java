package org.yibao.terminal.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.flow.FlowDevices;

/** The service connects to an {@code ssl://} broker with the provisioned certificate and key (real Mosquitto, require_certificate). */
class ServiceTlsTest {
    @TempDir Path tmp;

    private static FlowDevices devices() {
        return new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new ManualScheduler()), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static TerminalConfig config(Path data, Path files, String broker) {
        return new TerminalConfig("T01", new TerminalConfig.Institution("P37150200001", "聊城示范大药房", "371502", "pharmacy"), data,
                files.resolve(DemoFiles.POLICY), Optional.of(files.resolve(DemoFiles.CATALOG)), Optional.of(files.resolve(DemoFiles.CODEMAP)),
                0, new TerminalConfig.Centre.Mqtt(broker));
    }

    @Test
    void theServiceUsesTheProvisionedTlsFiles() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path files = DemoFiles.copyTo(tmp.resolve("files"));
        ProvisionRig rig = new ProvisionRig(data);
        try (TlsMosquitto broker = new TlsMosquitto(tmp.resolve("broker"), rig.ca)) {
            provisionFor(rig, broker);
            try (TerminalApp app = TerminalApp.start(config(data, files, broker.tlsUri()), devices(), Clock.systemUTC())) {
                Eventually.await(Duration.ofSeconds(20), app::online, () -> "no TLS session: " + broker.log());
            }
            assertTrue(broker.log().contains("as T01"), broker.log());

            try (SqliteDatabase centreDb = SqliteDatabase.open(tmp.resolve("centre.db"));
                 ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.plainUri(), "c1"), ClaimStore.open(centreDb), Clock.systemUTC())) {
                String out = selftest("--config", runConfig(data, files, broker.tlsUri()).toString(), "--timeout", "10");
                assertTrue(out.lines().anyMatch(l -> l.startsWith("PASS") && l.contains("uplink")), out);
            }
        }
    }

    private static synchronized String selftest(String... args) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "selftest";
            System.arraycopy(args, 0, all, 1, args.length);
            new picocli.CommandLine(new org.yibao.terminal.cli.TerminalCli()).execute(all);
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void anSslBrokerWithoutProvisioningIsRefusedAtStart() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("bare"));
        Path files = DemoFiles.copyTo(tmp.resolve("files"));
        RefusedException refused = assertThrows(RefusedException.class,
                () -> TerminalApp.start(config(data, files, "ssl://127.0.0.1:8883"), devices(), Clock.systemUTC()).close());
        assertEquals("1931", refused.refusal().reason().code());
        assertTrue(refused.refusal().errMsg().contains("provision apply"), refused.refusal().errMsg());
    }

    /** A broker whose own certificate is not from the centre's CA: the device refuses it, and says whose certificate failed. */
    @Test
    void aBrokerWhoseCertificateTheDeviceDoesNotTrustIsSaidToBeThat() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path files = DemoFiles.copyTo(tmp.resolve("files"));
        ProvisionRig rig = new ProvisionRig(data);
        java.time.Instant now = java.time.Instant.now();
        ReferenceCa stranger = ReferenceCa.create(KeyAlgorithm.EC, "a stranger's CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        try (TlsMosquitto broker = new TlsMosquitto(tmp.resolve("broker"), stranger)) {
            provisionFor(rig, broker);
            String line = uplinkLine(selftest("--config", runConfig(data, files, broker.tlsUri()).toString(), "--timeout", "20"));
            assertTrue(line.startsWith("FAIL") && line.contains("本机不信任服务器证书"), line);
        }
    }

    /** Applies a bundle for device T01 naming {@code broker}'s TLS listener. */
    private static void provisionFor(ProvisionRig rig, TlsMosquitto broker) throws Exception {
        ObjectNode payload = rig.payload("T01", null);
        payload.putArray("brokers").add(broker.tlsUri());
        assertEquals(0, rig.apply(rig.bundle(payload)).exit());
    }

    private Path runConfig(Path data, Path files, String broker) throws java.io.IOException {
        return Files.writeString(tmp.resolve("terminal.yaml"), """
                device_id: T01
                institution: {fixmedins_code: P37150200001, fixmedins_name: 聊城示范大药房, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: %s
                centre: {broker: "%s"}
                """.formatted(data, files.resolve(DemoFiles.POLICY), broker));
    }

    private static String uplinkLine(String selftestOutput) {
        return selftestOutput.lines().filter(l -> l.contains("uplink")).findFirst().orElse(selftestOutput);
    }

    /**
     * A broker that no longer accepts the device's certificate (expired, or the centre's CA
     * changed): the device's own checks of the broker pass, and the broker ends the connection.
     * The self-test says so in Chinese, pointing at the device's certificate.
     */
    @Test
    void aBrokerThatRefusesTheDevicesCertificateIsSaidToDoSo() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path files = DemoFiles.copyTo(tmp.resolve("files"));
        ProvisionRig rig = new ProvisionRig(data);
        try (TlsMosquitto broker = new TlsMosquitto(tmp.resolve("broker"), rig.ca)) {
            provisionFor(rig, broker);
            java.time.Instant now = java.time.Instant.now();
            broker.trustClientsOnlyOf(ReferenceCa.create(KeyAlgorithm.EC, "another CA", now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(30))));
            String line = uplinkLine(selftest("--config", runConfig(data, files, broker.tlsUri()).toString(), "--timeout", "20"));
            // the broker's alert, the connection it closed, or (under load, its alert lost) a handshake cut short:
            // each names the device's own certificate, never only "连接失败（错误码 0）"
            assertTrue(line.startsWith("FAIL") && line.contains("不接受本机证书"), line + "\n" + broker.log());
        }
    }
}
