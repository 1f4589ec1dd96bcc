package org.yibao.terminal.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.provision.ProvisionRig;
import picocli.CommandLine;

/** The devices {@code terminal run} gets: from the provisioned configuration, made by {@link DeviceFactory}. */
class RunDevicesTest {
    @TempDir Path tmp;

    private Path provisioned(ObjectNode devices) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        ProvisionRig rig = new ProvisionRig(data);
        assertEquals(0, rig.apply(rig.bundle(rig.payload("T01", devices))).exit());
        return data;
    }

    private static ObjectNode devices(ObjectNode printer) {
        ObjectNode d = BundleJson.mapper().createObjectNode().put("card_reader", "simulated").put("scanner", "simulated").put("gpio", "simulated");
        d.set("printer", printer);
        return d;
    }

    @Test
    void theProvisionedTcpPrinterReceivesTheServicesReceiptsAndTheScannerIsVerifiedWithTheProvisionedTrustFile() throws Exception {
        try (EscPosPeer peer = new EscPosPeer()) {
            Path data = provisioned(devices(BundleJson.mapper().createObjectNode().put("kind", "tcp")
                    .put("address", "127.0.0.1:" + peer.port()).put("paper_width", 58)));
            try (RunDevices run = RunDevices.open(null, data)) {
                FlowDevices flow = run.flow();
                PrintResult printed = flow.printer().print(ReceiptDocument.builder().line("收据 RUN-DEVICES").build());
                assertInstanceOf(PrintResult.Printed.class, printed);
                assertTrue(flow.scans().isPresent() && flow.vouchers().isPresent(), "scanner with the provisioned trust file");
                assertTrue(flow.cards().isPresent());
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!EscPosDecoder.decode(peer.received()).transcript().contains("RUN-DEVICES") && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(EscPosDecoder.decode(peer.received()).transcript().contains("收据 RUN-DEVICES"));
        }
    }

    @Test
    void theServiceLoadsTheProvisionedTrustFileIntoTheScannersVerifier() throws Exception {
        Path data = provisioned(devices(BundleJson.mapper().createObjectNode().put("kind", "simulated").put("paper_width", 58)));
        try (RunDevices run = RunDevices.open(null, data)) {
            assertEquals("none", run.trust().get().version(), "nothing trusted before the service loads the trust file in use");
            Path files = DemoFiles.copyTo(tmp.resolve("files"));
            TerminalConfig config = new TerminalConfig("T01", new TerminalConfig.Institution(DemoSystem.FIXMEDINS_CODE,
                    DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV), data,
                    files.resolve(DemoFiles.POLICY), Optional.of(files.resolve(DemoFiles.CATALOG)),
                    Optional.of(files.resolve(DemoFiles.CODEMAP)), 0, new TerminalConfig.Centre.None());
            try (TerminalApp app = TerminalApp.start(config, run.flow(), Clock.systemUTC(), run.trust())) {
                assertEquals("t-7", run.trust().get().version(), "the provisioned trust file, which fleet updates replace in the same holder");
                assertTrue(run.trust().get().keys().containsKey("k1"));
            }
        }
    }

    @Test
    void withoutAnyDeviceConfigurationTheServiceKeepsTheSimulatedPrinter() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("bare"));
        try (RunDevices run = RunDevices.open(null, data)) {
            assertInstanceOf(SimulatedPrinter.class, run.flow().printer());
            assertTrue(run.flow().cards().isEmpty() && run.flow().scans().isEmpty());
        }
    }

    @Test
    void runRefusesToStartWhenAConfiguredDeviceCannotBeMade() throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        ObjectNode devices = devices(BundleJson.mapper().createObjectNode().put("kind", "simulated").put("paper_width", 80));
        devices.putObject("gpio").put("led_green", 17).put("buzzer", 22);
        Path data = provisioned(devices);
        assertThrows(IllegalStateException.class, () -> RunDevices.open(null, data).close());

        Path config = Files.writeString(tmp.resolve("terminal.yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: none
                """.formatted(data));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("run", "--config", config.toString()));
        assertTrue(err.toString().contains("设备无法初始化") && err.toString().contains("指示灯"), err.toString());
    }
}
