package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.policy.PolicyLoader;
import org.yibao.terminal.provision.RunFileBytes;

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
        assertTrue(export.err().contains("data_dir") && export.err().contains("可改用 --data-dir DIR 导出诊断包"), export.out() + export.err());
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

    /** {@code diagnostics export terminal.db} (a slip of the hand) replaced the database, unsent claims and all, by the zip. */
    @Test
    void aDiagnosticsZipNeverReplacesAFileThatIsNoZip() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path config = SelftestCommandTest.apiConfig(tmp, data, "");
        byte[] database = Files.readAllBytes(data.resolve("terminal.db"));
        String runFile = Files.readString(config);

        Path otherZip = tmp.resolve("backup.zip"); // another program's zip (a backup, a spreadsheet): not ours to replace
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(otherZip))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("sales.csv"));
            zip.write("2026-12-07,100.00\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path pkText = Files.write(tmp.resolve("notes.txt"), "PK\3\4 a text that only begins like a zip".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (Path target : List.of(data.resolve("terminal.db"), config, otherZip, pkText)) {
            FactoryResetCommandTest.Run run = FactoryResetCommandTest.cli("diagnostics", "export", target.toString(), "--config", config.toString());
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().startsWith("1967 ") && run.err().contains("已存在且不是诊断包"), run.err());
        }
        assertArrayEquals(database, Files.readAllBytes(data.resolve("terminal.db")), "the database is untouched");
        assertTrue(ZipTexts.of(otherZip).containsKey("sales.csv"), "the other zip is untouched");
        assertEquals(runFile, Files.readString(config));

        Path zip = tmp.resolve("diag.zip");
        assertEquals(0, FactoryResetCommandTest.cli("diagnostics", "export", zip.toString(), "--data-dir", data.toString()).exit());
        FactoryResetCommandTest.Run again = FactoryResetCommandTest.cli("diagnostics", "export", zip.toString(), "--data-dir", data.toString());
        assertEquals(0, again.exit(), "an earlier zip is replaced: " + again.out() + again.err());
    }

    /** {@code /dev/zero} as the run file ended in an OutOfMemoryError; a named pipe blocked the command for good. */
    @Test
    void aRunFileThatIsNoRegularFileOrIsHugeIsRefused1967BeforeItIsRead() throws Exception {
        Path fifo = tmp.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path huge = tmp.resolve("huge.yaml");
        Files.write(huge, new byte[(int) RunFileBytes.MAX_BYTES + 1]);
        for (Path file : List.of(Path.of("/dev/zero"), fifo, huge)) {
            for (String[] args : eachTool("--config", file.toString())) {
                FactoryResetCommandTest.Run run = FactoryResetCommandTest.cli(args);
                assertEquals(2, run.exit(), List.of(args) + ": " + run.out() + run.err());
                assertTrue(run.err().startsWith("1967 ") && run.err().contains(file.getFileName().toString()), List.of(args) + ": " + run.err());
            }
        }
    }

    /** {@code data_dir: 0755} is refused by run (octal); the repair tools used folder 493, which the file does not name. */
    @Test
    void aDataDirThatRunRefusesIsNoFolderForTheRepairToolsEither() throws Exception {
        Path folder493 = Files.createDirectories(tmp.resolve("493"));
        SelftestCommandTest.database(folder493);
        Path config = Files.writeString(tmp.resolve("terminal.yaml"), "device_id: T01\ndata_dir: 0755\npolicy: policy.yaml\n");

        FactoryResetCommandTest.Run reset = FactoryResetCommandTest.cli("factory-reset", "--config", config.toString(), "--yes");
        FactoryResetCommandTest.Run export = FactoryResetCommandTest.cli("diagnostics", "export", tmp.resolve("d.zip").toString(),
                "--config", config.toString());

        assertEquals(2, reset.exit(), reset.out() + reset.err());
        assertTrue(reset.err().contains("data_dir") && reset.err().contains("八进制"), reset.err());
        assertTrue(Files.exists(folder493.resolve("terminal.db")), "folder 493 untouched");
        assertEquals(2, export.exit(), export.out() + export.err());
        assertTrue(Files.notExists(tmp.resolve("d.zip")));
    }

    /** Which folder a reset empties must not depend on which of two options wins. */
    @Test
    void aRunFileAndADataDirTogetherAreAUsageError() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path config = SelftestCommandTest.apiConfig(tmp, data, "");
        Path other = Files.createDirectories(tmp.resolve("other"));
        for (String[] args : eachTool("--config", config.toString(), "--data-dir", other.toString())) {
            FactoryResetCommandTest.Run run = FactoryResetCommandTest.cli(args);
            assertEquals(2, run.exit(), List.of(args) + ": " + run.out() + run.err());
            assertTrue(run.err().contains("只能给出 --config FILE 或 --data-dir DIR 之一"), List.of(args) + ": " + run.err());
        }
        assertTrue(Files.exists(data.resolve("terminal.db")));
    }

    /** run refused {@code voucher: {skew_s: 99999}} at start while selftest said all was well. */
    @Test
    void aVoucherSectionRunRefusesIsRefusedBySelftestAndNamedInTheDiagnostics() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path config = SelftestCommandTest.apiConfig(tmp, data, "voucher: {skew_s: 99999}\n");

        FactoryResetCommandTest.Run selftest = FactoryResetCommandTest.cli("selftest", "--config", config.toString());
        Path zip = tmp.resolve("d.zip");
        FactoryResetCommandTest.Run export = FactoryResetCommandTest.cli("diagnostics", "export", zip.toString(), "--config", config.toString());

        assertEquals(2, selftest.exit(), selftest.out() + selftest.err());
        assertTrue(selftest.err().startsWith("1903 ") && selftest.err().contains("skew_s"), selftest.err());
        assertEquals(0, export.exit(), export.out() + export.err());
        String json = ZipTexts.of(zip).get("selftest.json");
        assertTrue(json.contains("\"check\":\"config\",\"result\":\"FAIL\"") && json.contains("skew_s"), json);
    }

    /** The three repair tools' command lines (a reset confirmed), each followed by {@code more}. */
    private List<String[]> eachTool(String... more) {
        return Stream.of(new String[] {"selftest"}, new String[] {"factory-reset", "--yes"},
                        new String[] {"diagnostics", "export", tmp.resolve("d.zip").toString()})
                .map(tool -> Stream.concat(Arrays.stream(tool), Arrays.stream(more)).toArray(String[]::new)).toList();
    }
}
