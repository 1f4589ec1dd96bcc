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
