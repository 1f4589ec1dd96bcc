package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.fleet.FleetRig.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.provisioning.diagnostics.DiagnosticsConfig;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.selftest.DeviceChecks;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.app.AppVersion;
import org.yibao.terminal.cli.CenterDiagnosticsCommand;
import org.yibao.terminal.devices.EscPosPeer;
import org.yibao.terminal.provision.ProvisionRig;
import picocli.CommandLine;

/**
 * The centre's {@code selftest} and {@code diagnostics} commands end to end: a real Mosquitto,
 * the reference centre, and a terminal started as {@code terminal run} starts it from a
 * configuration with a {@code devices:} section (a network printer on a loopback port that
 * answers like its firmware, the other devices simulated).
 */
class FleetCommandsTest {
    private static final UpdateTarget DEVICE = UpdateTarget.device(FleetRig.DEVICE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CERTNO = "371502199001011234";
    private static final String CARD = "6217001234567890123";
    private static final String NAME = "张三丰";
    private static final String EC_TOKEN = "ecT0k3nA1B2C3D4E5F6G7H8J9K0LmNpQ";
    private static final String SECRET = "hunter2-secret";
    private static final String MOBILE = "13905351234";

    @TempDir
    Path dir;
    EscPosPeer printer;
    Path config;
    FleetRig rig;

    @BeforeEach
    void start() throws Exception {
        printer = new EscPosPeer();
        config = Files.writeString(dir.resolve("terminal.yaml"), """
                mqtt_password: %s
                devices:
                  card_reader: simulated
                  scanner: simulated
                  printer: {kind: tcp, address: "127.0.0.1:%d", paper_width: 80}
                  gpio: simulated
                """.formatted(SECRET, printer.port()));
        rig = new FleetRig(dir, config);
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) rig.close();
        printer.close();
    }

    @Test
    void theCentreReceivesTheMaskedDiagnosticsZip() throws Exception {
        log("2026-12-03 08:00:01 INFO settle psn_name=" + NAME + " certno=" + CERTNO + " card " + CARD + "\n"
                + "2026-12-03 08:00:02 INFO voucher {\"ecToken\":\"" + EC_TOKEN + "\",\"psn_name\":\"" + NAME + "\"}\n");
        UpdateLedger.Stored command = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "diagnostics");
        String raw = reportText("fleet.diagnostics", command.updateId());
        JsonNode report = JSON.readTree(raw);
        assertEquals(UpdateResult.Status.APPLIED, rig.result(command.updateId()).status());
        assertEquals("COMPLETE", report.path("zip_status").asText(), raw.substring(0, Math.min(400, raw.length())));

        Map<String, String> zip = unzip(report.path("zip_base64").asText());
        assertTrue(zip.keySet().containsAll(java.util.List.of("logs/terminal.log", "config/terminal.yaml", "versions.json",
                "backlog.json", "selftest.json")), zip.keySet().toString());
        assertEquals(report.path("zip_entries").size(), zip.size());
        assertFalse(zip.containsKey("trimmed.txt"), zip.keySet().toString());
        String all = raw + String.join("\n", zip.values());
        for (String personal : new String[] {CERTNO, CARD, NAME, EC_TOKEN, SECRET}) {
            assertFalse(all.contains(personal), personal + " left unmasked");
        }
        String log = zip.get("logs/terminal.log");
        assertTrue(log.contains("3715**********1234") && log.contains("张*丰") && log.contains("6217***********0123"), log);
        assertTrue(zip.get("config/terminal.yaml").contains("mqtt_password: <removed>"), zip.get("config/terminal.yaml"));
        assertTrue(zip.get("versions.json").contains("2026.03"), zip.get("versions.json"));
        assertTrue(zip.get("versions.json").contains("\"app\" : \"" + AppVersion.current() + "\""),
                "the app version, not \"null\": " + zip.get("versions.json"));
        assertTrue(zip.get("selftest.json").contains("\"printer\""), zip.get("selftest.json"));
        assertTrue(zip.get("backlog.json").contains("\"rows\""), zip.get("backlog.json"));

        // the centre's operator saves it: the same bytes, written whole, never over an existing file
        Path saved = dir.resolve("saved.zip");
        Cli run = centerDiagnostics("--db", dir.resolve("centre.db").toString(), "--device", FleetRig.DEVICE,
                "--update-id", command.updateId(), "--out", saved.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(report.path("zip_base64").asText(), Base64.getEncoder().encodeToString(Files.readAllBytes(saved)));
        JsonNode summary = JSON.readTree(run.out());
        assertEquals(FleetRig.DEVICE, summary.path("device").asText());
        assertEquals(command.updateId(), summary.path("update_id").asText());
        assertEquals("COMPLETE", summary.path("zip_status").asText());
        assertEquals(Files.size(saved), summary.path("zip_bytes").asLong());
        Cli again = centerDiagnostics("--db", dir.resolve("centre.db").toString(), "--device", FleetRig.DEVICE, "--out", saved.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("文件已存在"), again.err());
        Cli unknown = centerDiagnostics("--db", dir.resolve("centre.db").toString(), "--device", "NO-SUCH-DEVICE",
                "--out", dir.resolve("none.zip").toString());
        assertEquals(4, unknown.exit());
        assertTrue(unknown.err().contains("NO-SUCH-DEVICE"), unknown.err());
        assertFalse(Files.exists(dir.resolve("none.zip")));
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli centerDiagnostics(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = new CommandLine(new CenterDiagnosticsCommand()).setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true)).execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    @Test
    void aLargeLogIsCutToItsNewestLinesAndTheZipSaysSo() throws Exception {
        log(bigLog());
        UpdateLedger.Stored command = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "diagnostics");
        JsonNode report = JSON.readTree(reportText("fleet.diagnostics", command.updateId()));
        assertEquals(UpdateResult.Status.APPLIED, rig.result(command.updateId()).status());
        assertEquals("TRIMMED", report.path("zip_status").asText());
        assertTrue(report.path("trimmed").asText().contains("trimmed.txt"), report.path("trimmed").asText());
        assertTrue(report.path("zip_bytes").asInt() <= report.path("zip_limit_bytes").asInt(), report.path("zip_bytes").asText());
        assertEquals(Commands.MAX_ZIP_BYTES, report.path("zip_limit_bytes").asInt());

        Map<String, String> zip = unzip(report.path("zip_base64").asText());
        assertTrue(zip.get("trimmed.txt").startsWith("logs/terminal.log: kept the newest "), zip.get("trimmed.txt"));
        String log = zip.get("logs/terminal.log");
        assertTrue(log.startsWith("line "), log.substring(0, 40));
        assertTrue(log.endsWith("LAST-LINE-MARKER certno=3715**********1234\n"), log.substring(log.length() - 60));
        assertFalse(log.contains("FIRST-LINE-MARKER"));
    }

    @Test
    void aZipTooLargeEvenWithoutLogsIsRefusedWith1951AndStillReported() throws Exception {
        StringBuilder comment = new StringBuilder();
        Random random = new Random(7);
        while (comment.length() < 1_000_000) comment.append("# ").append(words(random, 12)).append('\n');
        Files.writeString(config, comment, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        UpdateLedger.Stored command = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "diagnostics");
        JsonNode report = JSON.readTree(reportText("fleet.diagnostics", command.updateId()));
        assertEquals("REFUSED", report.path("zip_status").asText());
        assertEquals("1951", report.path("term_errcode").asText());
        assertTrue(report.path("reason").asText().contains("上限 " + Commands.MAX_ZIP_BYTES), report.path("reason").asText());
        assertFalse(report.has("zip_base64"));
        Cli save = centerDiagnostics("--db", dir.resolve("centre.db").toString(), "--device", FleetRig.DEVICE,
                "--out", dir.resolve("refused.zip").toString());
        assertEquals(3, save.exit(), save.out());
        assertTrue(save.err().contains("REFUSED") && save.err().contains("上限"), save.err());
        assertFalse(Files.exists(dir.resolve("refused.zip")));
        assertEquals("2026.03", report.path("policy_version").asText());
        UpdateResult result = rig.result(command.updateId());
        assertEquals(UpdateResult.Status.REFUSED, result.status());
        assertEquals("1951", result.code());
        try (Stream<Path> left = Files.list(dir.resolve("terminal/fleet-staging"))) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("diagnostics-")).count());
        }
    }

    @Test
    void aProvisionedDeviceSendsItsProvisionedConfigurationMaskedAsTheTechniciansExportHasIt() throws Exception {
        provision("聊城示范大药房（店长手机 " + MOBILE + "）");
        log(bigLog());
        UpdateLedger.Stored command = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "diagnostics");
        JsonNode report = JSON.readTree(reportText("fleet.diagnostics", command.updateId()));
        assertEquals(UpdateResult.Status.APPLIED, rig.result(command.updateId()).status());
        Map<String, String> zip = unzip(saved(command.updateId()));

        String provisioned = zip.get("config/config.json");
        assertTrue(provisioned != null && provisioned.contains("\"P37150200001\"") && provisioned.contains("13*******34"),
                "the institution's code readable, the person's number masked: " + zip.keySet() + " " + provisioned);
        assertFalse(provisioned.contains(MOBILE) || provisioned.contains("ab".repeat(32)), provisioned);
        assertTrue(zip.containsKey("config/terminal.yaml") && !zip.containsKey(DiagnosticsConfig.NOT_PROVISIONED_ENTRY), zip.keySet().toString());

        // the larger zip still fits: the logs are cut first, and the zip says so
        assertEquals("TRIMMED", report.path("zip_status").asText());
        assertTrue(report.path("zip_bytes").asInt() <= report.path("zip_limit_bytes").asInt(), report.toString().substring(0, 300));
        assertTrue(zip.get("trimmed.txt").startsWith("logs/terminal.log: kept the newest "), zip.get("trimmed.txt"));

        // what the technician's export of the same data folder holds, entry by entry, masked the same way
        Path exported = dir.resolve("export.zip");
        ProvisionRig.Run export = ProvisionRig.cli("diagnostics", "export", exported.toString(), "--data-dir", dir.resolve("terminal").toString());
        assertEquals(0, export.exit(), export.out() + export.err());
        Map<String, String> technician = unzip(Files.readAllBytes(exported));
        assertTrue(zip.keySet().containsAll(technician.keySet()), zip.keySet() + " lacks some of " + technician.keySet());
        assertEquals(technician.get("config/config.json"), provisioned);
    }

    @Test
    void aDeviceNeverProvisionedSendsItsRunFileAndAnEntrySayingSo() throws Exception {
        UpdateLedger.Stored command = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "diagnostics");
        JsonNode report = JSON.readTree(reportText("fleet.diagnostics", command.updateId()));
        assertEquals(UpdateResult.Status.APPLIED, rig.result(command.updateId()).status());
        assertEquals("COMPLETE", report.path("zip_status").asText());
        Map<String, String> zip = unzip(saved(command.updateId()));

        assertTrue(zip.containsKey("config/terminal.yaml") && !zip.containsKey("config/config.json"), zip.keySet().toString());
        String note = zip.get(DiagnosticsConfig.NOT_PROVISIONED_ENTRY);
        assertTrue(note != null && note.startsWith("1931 本机尚未完成配置") && note.contains("config/terminal.yaml"), zip.keySet() + " " + note);
    }

    @Test
    void theSelftestNamesTheDeviceChecksAndPrintsNoTestPage() throws Exception {
        UpdateLedger.Stored command = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "selftest");
        JsonNode report = JSON.readTree(reportText("fleet.selftest", command.updateId()));
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        report.path("selftest").path("checks").forEach(c -> checks.put(c.path("check").asText(), c));
        assertEquals(java.util.List.of("card-reader", "scanner", "printer", "led-buzzer", "database", "disk", "clock"),
                java.util.List.copyOf(checks.keySet()), report.toString());
        assertEquals("PASS", checks.get("printer").path("result").asText(), report.toString());
        assertTrue(checks.get("printer").path("why").asText().contains(DeviceChecks.NO_TEST_PAGE), report.toString());
        assertEquals("SKIP", checks.get("card-reader").path("result").asText());
        assertTrue(checks.get("card-reader").path("why").asText().contains("模拟"), report.toString());
        assertEquals("SKIP", checks.get("led-buzzer").path("result").asText());
        assertEquals("PASS", checks.get("database").path("result").asText(), report.toString());
        assertTrue(report.path("note").asText().contains(DeviceChecks.NO_TEST_PAGE), report.toString());
        assertFalse(report.path("selftest").path("interactive").asBoolean());
        String printed = EscPosDecoder.decode(printer.received()).transcript();
        assertFalse(printed.contains("测试页"), printed);
    }

    /**
     * The running terminal's data folder provisioned as a technician does it ({@code provision init},
     * then {@code provision apply} of a bundle signed by the rig's root, which also signs its
     * updates), with {@code fixmedinsName} in the configuration. The service keeps running: its
     * diagnostics take the configuration in force when the command comes.
     */
    private void provision(String fixmedinsName) throws Exception {
        Path data = dir.resolve("terminal");
        ProvisionRig technician = new ProvisionRig(data);
        Files.writeString(data.resolve(FleetService.ROOT_FILE), Pem.write(rig.root.pair().getPublic()));
        ObjectNode payload = technician.payload(FleetRig.DEVICE, null);
        ((ObjectNode) payload.get("institution")).put("fixmedins_name", fixmedinsName);
        ProvisionRig.Run applied = technician.apply(technician.bundle(payload, rig.root, "bundle.json"));
        assertEquals(0, applied.exit(), applied.out() + applied.err());
    }

    /** The zip of the report answering {@code updateId}, as the centre's operator saves it with {@code terminal center diagnostics}. */
    private byte[] saved(String updateId) throws Exception {
        Path out = dir.resolve("saved-" + updateId.replace('/', '-') + ".zip");
        Cli run = centerDiagnostics("--db", dir.resolve("centre.db").toString(), "--device", FleetRig.DEVICE,
                "--update-id", updateId, "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        return Files.readAllBytes(out);
    }

    private void log(String text) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("terminal/logs"));
        Files.writeString(logs.resolve("terminal.log"), text, StandardCharsets.UTF_8);
    }

    /** A 3 MB log (more than the zip can hold) between two marker lines. */
    private static String bigLog() {
        StringBuilder big = new StringBuilder("FIRST-LINE-MARKER\n");
        Random random = new Random(6);
        for (int i = 0; big.length() < 3_000_000; i++) {
            big.append("line ").append(i).append(' ').append(words(random, 12)).append('\n');
        }
        return big.append("LAST-LINE-MARKER certno=").append(CERTNO).append('\n').toString();
    }

    private static String words(Random random, int count) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < count; w++) {
            if (w > 0) sb.append(' ');
            for (int c = 0; c < 7; c++) sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static Map<String, String> unzip(String base64) throws Exception {
        return unzip(Base64.getDecoder().decode(base64));
    }

    private static Map<String, String> unzip(byte[] bytes) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private String reportText(String type, String updateId) {
        String[] found = new String[1];
        await(type + " for " + updateId, () -> {
            for (StoredClaim claim : rig.centre.store().all()) {
                if (type.equals(claim.type())) {
                    String text = new String(claim.payload(), StandardCharsets.UTF_8);
                    if (updateId.equals(JSON.readTree(text).path("update_id").asText())) {
                        found[0] = text;
                        return true;
                    }
                }
            }
            return false;
        });
        return Optional.ofNullable(found[0]).orElseThrow();
    }
}
