package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.AppVersion;

/**
 * The versions {@code diagnostics export} reports, read from a real terminal.db without changing
 * it: the policy in force is chosen as the running terminal chooses (configured, then those from
 * the centre from their dates), and what is missing is "" with a reason.
 */
class VersionsInUseTest {
    private static final LocalDate JAN_15 = LocalDate.of(2027, 1, 15);
    private static final Path CONFIGURED = FleetRig.EXAMPLES.resolve("policy.yaml");

    @TempDir Path dir;

    private void hold(String version, String effective) throws Exception {
        byte[] body = Files.readString(CONFIGURED).replace("version: \"2026.03\"", "version: \"" + version + "\"")
                .replace("effective: 2026-01-01", "effective: " + effective).getBytes(StandardCharsets.UTF_8);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetStore store = FleetStore.open(db);
            db.inTransaction(c -> {
                store.holdPolicy(c, LocalDate.parse(effective), version, body, "device/T01/" + version, LocalDate.parse("2026-01-01"));
                return null;
            });
        }
    }

    @Test
    void aPolicyFromTheCentreInForceTodayIsTheOneReportedAndTheDatabaseIsLeftAsItWas() throws Exception {
        hold("2026.09", "2026-09-01");
        hold("2027.02", "2027-02-01");
        byte[] before = Files.readAllBytes(dir.resolve("terminal.db"));

        Map<String, String> versions = VersionsInUse.read(Optional.of(CONFIGURED), dir, JAN_15);

        assertEquals("2026.09", versions.get("policy"), versions.toString());
        assertEquals("2027.02", VersionsInUse.read(Optional.of(CONFIGURED), dir, LocalDate.of(2027, 2, 1)).get("policy"));
        assertEquals(AppVersion.current(), versions.get("app"));
        assertEquals("", versions.get("catalog"));
        assertEquals("本机尚未导入目录", versions.get("catalog_reason"));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("terminal.db")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("terminal.db"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no -wal / -shm left");
        }
    }

    @Test
    void withAPolicyFromTheCentreNotYetInForceTheConfiguredOneIsInUse() throws Exception {
        hold("2027.02", "2027-02-01");

        assertEquals("2026.03", VersionsInUse.read(Optional.of(CONFIGURED), dir, JAN_15).get("policy"));

        Map<String, String> withoutConfig = VersionsInUse.read(Optional.empty(), dir, JAN_15);
        assertEquals("", withoutConfig.get("policy"), "without the configuration the policy in force is not known");
        assertTrue(withoutConfig.get("policy_reason").contains("--config"), withoutConfig.toString());
    }

    @Test
    void aDataFolderWithoutTerminalDbGetsReasonsAndIsNotGivenOne() {
        Map<String, String> versions = VersionsInUse.read(Optional.of(dir.resolve("missing-policy.yaml")), dir, JAN_15);

        assertEquals("", versions.get("policy"));
        assertTrue(versions.get("policy_reason").startsWith("配置的政策文件无法加载"), versions.toString());
        assertEquals("数据目录中没有 terminal.db", versions.get("codemap_reason"));
        assertEquals("none", versions.get("trust"));
        assertFalse(Files.exists(dir.resolve("terminal.db")));
    }

    @Test
    void theZipForTheCentreNamesWhatIsNotImportedAsTheExportDoes() throws Exception {
        hold("2026.05", "2026-01-01");
        Map<String, String> export = VersionsInUse.read(Optional.of(CONFIGURED), dir, JAN_15);
        ObjectNode status = new ObjectMapper().createObjectNode().put("policy_version", export.get("policy"))
                .put("trust_version", export.get("trust")).put("catalog_version", "").put("codemap_version", "");

        assertEquals(export, Commands.versions(status));
        assertEquals("本机尚未导入对照表", Commands.versions(status).get("codemap_reason"));
    }
}
