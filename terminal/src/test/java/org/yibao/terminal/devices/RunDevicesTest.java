package org.yibao.terminal.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.cli.ExamplePolicy;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.provision.ProvisionRig;
import picocli.CommandLine;

/** The devices {@code terminal run} gets: from the provisioned configuration, made by {@link DeviceFactory}. */
class RunDevicesTest {
    @TempDir Path tmp;

    private Path provisioned(ObjectNode devices) throws Exception {
        return provisioned("data", devices, payload -> { });
    }

    /** Data folder {@code name} provisioned with {@code devices}, the bundle's payload changed by {@code change}. */
    private Path provisioned(String name, ObjectNode devices, Consumer<ObjectNode> change) throws Exception {
        Path data = Files.createDirectories(tmp.resolve(name));
        ProvisionRig rig = new ProvisionRig(data);
        ObjectNode payload = rig.payload("T01", devices);
        change.accept(payload);
        assertEquals(0, rig.apply(rig.bundle(payload)).exit());
        return data;
    }

    /** The run configuration {@code TerminalApp} starts with on {@code data}: the demo's policy, no centre. */
    private static TerminalConfig serviceOn(Path data) throws Exception {
        Path files = DemoFiles.copyTo(data.resolveSibling(data.getFileName() + "-files"));
        return new TerminalConfig("T01", new TerminalConfig.Institution(DemoSystem.FIXMEDINS_CODE,
                DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV), data,
                files.resolve(DemoFiles.POLICY), Optional.of(files.resolve(DemoFiles.CATALOG)),
                Optional.of(files.resolve(DemoFiles.CODEMAP)), 0, new TerminalConfig.Centre.None());
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
            try (TerminalApp app = TerminalApp.start(serviceOn(data), run.flow(), Clock.systemUTC(), run.trust())) {
                assertEquals("t-7", run.trust().get().version(), "the provisioned trust file, which fleet updates replace in the same holder");
                assertTrue(run.trust().get().keys().containsKey("k1"));
            }
        }
    }

    @Test
    void aTrustFileTheTechnicianLoadsIsInUseWithoutARestartOnAServiceWithoutACentre() throws Exception {
        Path data = provisioned(devices(BundleJson.mapper().createObjectNode().put("kind", "simulated").put("paper_width", 58)));
        Path file = Files.writeString(tmp.resolve("field-trust.json"), VoucherFixtures.standardTrustJson());
        try (RunDevices run = RunDevices.open(null, data);
             TerminalApp app = TerminalApp.start(serviceOn(data), run.flow(), Clock.systemUTC(), run.trust())) {
            assertEquals("t-7", run.trust().get().version());
            StringWriter out = new StringWriter();
            assertEquals(0, new CommandLine(new TerminalCli()).setOut(new PrintWriter(out))
                    .execute("voucher", "trust", "--data-dir", data.toString(), file.toString()), out::toString);

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!run.trust().get().keys().containsKey("sm2-1") && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(run.trust().get().keys().containsKey("sm2-1"), "in use: " + run.trust().get().keys().keySet());
        }
    }

    /** Provisions {@code name} with simulated devices and a trust file naming the voucher fixtures' ES256 key as es-1. */
    private Path provisionedForVouchers(String name, Consumer<ObjectNode> change) throws Exception {
        return provisioned(name, devices(BundleJson.mapper().createObjectNode().put("kind", "simulated").put("paper_width", 58)),
                payload -> {
                    ObjectNode trust = payload.putObject("trust_file").put("version", "t-7");
                    trust.putArray("keys").add(VoucherFixtures.entry("es-1", VoucherFixtures.ES256, 0, 9_999_999_999L));
                    change.accept(payload);
                });
    }

    /**
     * What the running service's scanner verifier says of a voucher whose exp is 40 s before now,
     * with the run file {@code configFile} (may be null) over the provisioned {@code data}.
     */
    private static VoucherOutcome scanExpiredFortySecondsAgo(Path configFile, Path data) throws Exception {
        VoucherFixtures.Payload voucher = VoucherFixtures.payload();
        voucher.iat = VoucherFixtures.NOW - 100;
        voucher.exp = VoucherFixtures.NOW - 40;
        String qr = VoucherFixtures.issue(VoucherFixtures.ES256, "es-1", voucher);
        try (RunDevices run = RunDevices.open(configFile, data);
             TerminalApp app = TerminalApp.start(serviceOn(data), run.flow(), Clock.systemUTC(), run.trust())) {
            return run.flow().vouchers().orElseThrow().decode(qr, Instant.ofEpochSecond(VoucherFixtures.NOW));
        }
    }

    @Test
    void theScannersVerifierToleratesTheConfiguredClockSkew() throws Exception {
        assertEquals(Ybec1Verifier.DEFAULT_SKEW, DeviceConfig.Voucher.DEFAULT.skew(), "a configuration without one means the verifier's default");
        Path sixty = provisionedForVouchers("sixty", payload -> payload.putObject("voucher").put("skew_s", 60));
        Path unset = provisionedForVouchers("unset", payload -> { });

        assertInstanceOf(VoucherOutcome.Accepted.class, scanExpiredFortySecondsAgo(null, sixty), "provisioned skew_s 60");
        VoucherOutcome.Refused refused = assertInstanceOf(VoucherOutcome.Refused.class, scanExpiredFortySecondsAgo(null, unset));
        assertEquals("1516", refused.refusal().reason().code(), "the default 30 s: " + refused);

        Path runFile = Files.writeString(tmp.resolve("skew.yaml"), "voucher: {skew_s: 60}\n");
        assertInstanceOf(VoucherOutcome.Accepted.class, scanExpiredFortySecondsAgo(runFile, unset), "the run file's voucher section first");
    }

    @Test
    void runRefusesToStartWithABadVoucherSectionNamingTheField() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("bare"));
        Path tooLarge = runFile(data, "voucher: {skew_s: 3601}\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> RunDevices.open(tooLarge, data).close());
        assertEquals("voucher: 1903 配置项取值无效：voucher.skew_s: 应为0-3600（秒）", bad.getMessage());

        ProvisionRig.Run run = ProvisionRig.cli("run", "--config", runFile(data, "voucher: {skew_s: \"60\"}\n").toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("设备无法初始化") && run.err().contains("voucher.skew_s: 应为整数"), run.err());
    }

    private Path runFile(Path data, String more) throws IOException {
        return runFile(tmp.resolve("terminal.yaml"), data, more);
    }

    /** Writes {@code file}: the run configuration of a terminal without uplink on {@code data}, then {@code more} YAML. */
    static Path runFile(Path file, Path data, String more) throws IOException {
        return ExamplePolicy.besides(Files.writeString(file, """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: none
                """.formatted(data) + more));
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

        Path config = runFile(data, "");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("run", "--config", config.toString()));
        assertTrue(err.toString().contains("设备无法初始化") && err.toString().contains("指示灯"), err.toString());
    }
}
