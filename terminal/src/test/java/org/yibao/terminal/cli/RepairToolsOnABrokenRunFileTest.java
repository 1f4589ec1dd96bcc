package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * The repair tools on a box whose run file no longer loads (its {@code api_tls} key lost, a field
 * wrong): {@code diagnostics export --config} still writes its zip from the data folder the file
 * names, saying why in {@code selftest.json}, and {@code factory-reset --config} still resets that
 * folder. Only a file whose {@code data_dir} cannot be read is refused, as before.
 */
class RepairToolsOnABrokenRunFileTest {
    private static final Path EXAMPLES = Path.of("src/main/resources/examples");

    @TempDir Path tmp;

    @Test
    void diagnosticsOfARunFileWhoseApiKeyFileIsGoneAreExportedWithTheReason() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Files.copy(EXAMPLES.resolve("policy.yaml"), tmp.resolve("policy.yaml"));
        Path config = SelftestCommandTest.apiConfig(tmp, data, "api_tls: {cert: api.crt, key: api.key}\n");

        Path zip = tmp.resolve("out/diag.zip");
        FactoryResetCommandTest.Run run = FactoryResetCommandTest.cli("diagnostics", "export", zip.toString(), "--config", config.toString());

        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("运行配置无法使用（1903") && run.err().contains(data.toString()), run.err());
        Map<String, String> entries = ZipTexts.of(zip);
        assertTrue(entries.get("config/terminal.yaml").contains("api_tls"), "the run file is in the zip as it is: " + entries.keySet());
        JsonNode first = new ObjectMapper().readTree(entries.get("selftest.json")).path("checks").path(0);
        assertEquals("config", first.path("check").asText(), entries.get("selftest.json"));
        assertEquals("FAIL", first.path("result").asText());
        assertTrue(first.path("why").asText().startsWith("1903 配置文件无效") && first.path("why").asText().contains("api_tls.cert"),
                first.toString());
        assertTrue(entries.get("selftest.json").contains("\"check\":\"database\",\"result\":\"PASS\""),
                "the rest of the self-test ran on the data folder: " + entries.get("selftest.json"));
        JsonNode versions = new ObjectMapper().readTree(entries.get("versions.json"));
        assertEquals(PolicyLoader.load(EXAMPLES.resolve("policy.yaml")).version(), versions.path("policy").asText(),
                "the run file's policy is still named: " + versions);
        assertTrue(entries.get("backlog.json").contains("\"rows\""), "the data folder's backlog: " + entries.get("backlog.json"));
    }

    @Test
    void aRunFileThatDoesNotParseIsStillRefusedAndNothingIsExported() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path config = Files.writeString(tmp.resolve("terminal.yaml"), "data_dir: " + data + "\ndevice_id: [T01\n");
        Path zip = tmp.resolve("d.zip");

        FactoryResetCommandTest.Run run = FactoryResetCommandTest.cli("diagnostics", "export", zip.toString(), "--config", config.toString());

        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue((run.out() + run.err()).contains("\"term_errcode\":\"1901\""), run.out() + run.err());
        assertTrue(Files.notExists(zip));
    }

    @Test
    void aRunFileWithoutADataDirIsRefusedByBothTools() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path config = tmp.resolve("other.yaml");
        Files.writeString(config, "device_id: T01\npolicy: policy.yaml\n");

        FactoryResetCommandTest.Run export = FactoryResetCommandTest.cli("diagnostics", "export", tmp.resolve("d.zip").toString(),
                "--config", config.toString());
        FactoryResetCommandTest.Run reset = FactoryResetCommandTest.cli("factory-reset", "--config", config.toString(), "--yes");

        assertEquals(2, export.exit(), export.out() + export.err());
        assertTrue((export.out() + export.err()).contains("data_dir"), export.out() + export.err());
        assertEquals(2, reset.exit(), reset.out() + reset.err());
        assertTrue(reset.err().startsWith("1902 ") && reset.err().contains("data_dir"), "a refusal line, not a stack trace: " + reset.err());
        assertTrue(Files.exists(data.resolve("terminal.db")), "nothing removed");
        assertTrue(Files.exists(config), "nor the run file");
    }

    @Test
    void aFactoryResetThroughARunFileWhoseApiKeyFileIsGoneResetsItsDataFolder() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/device.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path config = SelftestCommandTest.apiConfig(tmp, data, "api_tls: {cert: api.crt, key: api.key}\n");

        FactoryResetCommandTest.Run run = FactoryResetCommandTest.cli("factory-reset", "--config", config.toString(), "--yes");

        assertEquals(0, run.exit(), run.out() + run.err());
        try (var left = Files.list(data)) {
            assertEquals(List.of(), left.toList());
        }
        assertTrue(Files.notExists(config), "the run file goes with the reset");
    }
}
