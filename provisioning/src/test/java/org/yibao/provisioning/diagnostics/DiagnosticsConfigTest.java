package org.yibao.provisioning.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.snapshot.SnapshotStore;

/** Which configuration a diagnostics zip carries: the run file, the provisioned one in force, or a note that there is none. */
class DiagnosticsConfigTest {
    @TempDir
    Path dir;

    @Test
    void aProvisionedDeviceGivesTheRunFileAndTheConfigurationInForce() throws Exception {
        Path data = provisioned();
        Path run = Files.writeString(dir.resolve("terminal.yaml"), "device_id: T01\n");
        DiagnosticsConfig config = DiagnosticsConfig.of(Optional.of(run), data);
        assertEquals(List.of(run, data.resolve("current/config.json")), config.files());
        assertTrue(config.notProvisioned().isEmpty());
        assertEquals(List.of(data.resolve("current/config.json")), DiagnosticsConfig.of(Optional.empty(), data).files());
    }

    /** A run file named {@code config.json} hid the configuration in force (black-box review): both go, under two names. */
    @Test
    void aRunFileNamedConfigJsonGoesBesideTheConfigurationInForce() throws Exception {
        Path data = provisioned();
        Path run = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("config.json"), "{\"device_id\":\"RUN\"}");
        DiagnosticsConfig config = DiagnosticsConfig.of(Optional.of(run), data);
        assertEquals(List.of(run, data.resolve("current/config.json")), config.files());
        assertEquals(List.of(data.resolve("current/config.json")),
                DiagnosticsConfig.of(Optional.of(data.resolve("current/config.json")), data).files(), "the file in force given as the run file goes once");

        Path zip = dir.resolve("d.zip");
        DiagnosticsExport.write(new DiagnosticsBundle(dir.resolve("no-logs"), config, Map.of(), dir.resolve("no.db"), "{}"), zip);
        try (java.util.zip.ZipFile read = new java.util.zip.ZipFile(zip.toFile())) {
            assertTrue(new String(read.getInputStream(read.getEntry("config/config.json")).readAllBytes()).contains("RUN"));
            assertTrue(new String(read.getInputStream(read.getEntry("config/provisioned-config.json")).readAllBytes()).contains("format"));
        }
    }

    @Test
    void aDeviceNeverProvisionedHasOnlyItsRunFileAndANoteSayingSo() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path run = Files.writeString(dir.resolve("terminal.yaml"), "device_id: T01\n");
        DiagnosticsConfig config = DiagnosticsConfig.of(Optional.of(run), data);
        assertEquals(List.of(run), config.files());
        String note = config.notProvisioned().orElseThrow();
        assertTrue(note.startsWith("1931 本机尚未完成配置") && note.contains("current/config.json")
                && note.contains("config/terminal.yaml"), note);
        assertTrue(DiagnosticsConfig.of(Optional.empty(), dir.resolve("no-such-folder")).notProvisioned().orElseThrow()
                .contains("也未给出运行配置文件"));
    }

    /** A data folder with a snapshot in force, written as {@code provision apply} writes it. */
    private Path provisioned() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        new SnapshotStore(data).commit(Map.of("config.json", SnapshotStore.utf8("{\"format\":1}\n")));
        return data;
    }
}
