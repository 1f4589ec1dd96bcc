package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import picocli.CommandLine;

/**
 * {@code terminal center stats|updates|diagnostics --db FILE} only read FILE: a wrong file (YAML
 * given by mistake, empty, another SQLite database, missing) is refused with a code on stdout and
 * stays byte for byte, alone in its folder: never renamed aside, never given a schema.
 */
class CentreReportsReadOnlyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

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
        assertEquals("1960", run.json().path("term_errcode").asText(), run.out());
        assertTrue(run.json().path("err_msg").asText().contains(missing.toString()), run.out());
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
        assertTrue(run.json().isObject(), run.out());
        assertArrayEquals(before, Files.readAllBytes(centre));
        assertEquals(List.of("centre.db"), names(), "no -wal / -shm left beside it");
    }

    private void assertRefusedUnchanged(String report, Path file, String code) throws Exception {
        byte[] before = Files.readAllBytes(file);
        List<String> namesBefore = names();

        Run run = run(report, file);

        assertEquals(2, run.exit(), run.out() + run.err());
        JsonNode refusal = run.json();
        assertEquals(code, refusal.path("term_errcode").asText(), run.out());
        assertTrue(refusal.path("err_msg").asText().contains(file.toString()), "names the file: " + run.out());
        assertArrayEquals(before, Files.readAllBytes(file), "byte for byte as it was");
        assertEquals(namesBefore, names(), "not renamed aside, no -wal / -shm, no zip");
    }

    private Run run(String report, Path db) {
        List<String> args = new ArrayList<>(List.of("center", report, "--db", db.toString()));
        if (report.equals("diagnostics")) args.addAll(List.of("--device", "T01", "--out", dir.resolve("T01.zip").toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
