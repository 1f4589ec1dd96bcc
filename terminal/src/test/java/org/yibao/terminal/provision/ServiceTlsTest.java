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
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.demo.DemoFiles;
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
            ObjectNode payload = rig.payload("T01", null);
            payload.putArray("brokers").add(broker.tlsUri());
            assertEquals(0, rig.apply(rig.bundle(payload)).exit());
            try (TerminalApp app = TerminalApp.start(config(data, files, broker.tlsUri()), devices(), Clock.systemUTC())) {
                Eventually.await(Duration.ofSeconds(20), app::online, () -> "no TLS session: " + broker.log());
            }
            assertTrue(broker.log().contains("as T01"), broker.log());

            try (SqliteDatabase centreDb = SqliteDatabase.open(tmp.resolve("centre.db"));
                 ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.plainUri(), "c1"), ClaimStore.open(centreDb), Clock.systemUTC())) {
                Path runConfig = Files.writeString(tmp.resolve("terminal.yaml"), """
                        device_id: T01
                        institution: {fixmedins_code: P37150200001, fixmedins_name: 聊城示范大药房, admdvs: "371502", hosp_lv: pharmacy}
                        data_dir: %s
                        policy: %s
                        centre: {broker: "%s"}
                        """.formatted(data, files.resolve(DemoFiles.POLICY), broker.tlsUri()));
                String out = selftest("--config", runConfig.toString(), "--timeout", "10");
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
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TerminalApp.start(config(data, files, "ssl://127.0.0.1:8883"), devices(), Clock.systemUTC()).close());
        assertTrue(refused.getMessage().contains("provision apply"), refused.getMessage());
    }
}
