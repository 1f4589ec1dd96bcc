package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.terminal.provision.ProvisionRig;
import org.yibao.terminal.provision.ProvisionRig.Run;

/**
 * {@code terminal center stats|updates|diagnostics --db FILE} only read FILE: a wrong file (YAML
 * given by mistake, empty, another SQLite database, missing) is refused with a code on stdout and
 * stays byte for byte, alone in its folder: never renamed aside, never given a schema.
 */
class CentreReportsReadOnlyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"stats", "updates", "diagnostics"})
    void aYamlFileGivenByMistakeIsRefusedAndLeftInPlace(String report) throws Exception {
        Path yaml = dir.resolve("terminal.yaml");
        Files.writeString(yaml, "device_id: T01\ndata_dir: /var/lib/yibao-terminal\npolicy: policy.yaml\n", StandardCharsets.UTF_8);

        assertRefusedUnchanged(report, yaml, "1961");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "updates", "diagnostics"})
    void anEmptyFileIsRefusedAndStaysEmpty(String report) throws Exception {
        assertRefusedUnchanged(report, Files.createFile(dir.resolve("centre.db")), "1961");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "updates", "diagnostics"})
    void aSqliteFileWithoutTheCentresTablesIsRefusedAndUnchanged(String report) throws Exception {
        Path other = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(other)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("CREATE TABLE operator(opter_no TEXT PRIMARY KEY)");
                }
            });
        }
        assertRefusedUnchanged(report, other, "1962");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "updates", "diagnostics"})
    void aMissingFileIsRefusedAndNotCreated(String report) throws Exception {
        Path missing = dir.resolve("nowhere/centre.db");
        Run run = run(report, missing);
        assertEquals(2, run.exit(), run.err());
        assertEquals("1960", json(run).path("term_errcode").asText(), run.out());
        assertTrue(json(run).path("err_msg").asText().contains(missing.toString()), run.out());
        assertFalse(Files.exists(dir.resolve("nowhere")), "nothing created");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "updates"})
    void theCentresDatabaseIsReportedAndLeftByteForByte(String report) throws Exception {
        Path centre = dir.resolve("centre.db");
        try (SqliteDatabase db = SqliteDatabase.open(centre)) {
            ClaimStore.open(db);
            UpdateLedger.open(db, Clock.systemUTC());
        }
        byte[] before = Files.readAllBytes(centre);

        Run run = run(report, centre);

        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(json(run).isObject(), run.out());
        assertArrayEquals(before, Files.readAllBytes(centre));
        assertEquals(List.of("centre.db"), names(), "no -wal / -shm left beside it");
    }

    private void assertRefusedUnchanged(String report, Path file, String code) throws Exception {
        byte[] before = Files.readAllBytes(file);
        List<String> namesBefore = names();

        Run run = run(report, file);

        assertEquals(2, run.exit(), run.out() + run.err());
        JsonNode refusal = json(run);
        assertEquals(code, refusal.path("term_errcode").asText(), run.out());
        assertTrue(refusal.path("err_msg").asText().contains(file.toString()), "names the file: " + run.out());
        assertArrayEquals(before, Files.readAllBytes(file), "byte for byte as it was");
        assertEquals(namesBefore, names(), "not renamed aside, no -wal / -shm, no zip");
    }

    private Run run(String report, Path db) {
        List<String> args = new ArrayList<>(List.of("center", report, "--db", db.toString()));
        if (report.equals("diagnostics")) args.addAll(List.of("--device", "T01", "--out", dir.resolve("T01.zip").toString()));
        return ProvisionRig.cli(args.toArray(String[]::new));
    }

    private List<String> names() throws Exception {
        return names(dir);
    }

    /** The names in {@code folder}, sorted: what a read-only command must leave as it found. */
    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static JsonNode json(Run run) throws Exception {
        return JSON.readTree(run.out());
    }
}
