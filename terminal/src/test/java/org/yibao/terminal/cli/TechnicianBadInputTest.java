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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Found by the black-box check of the technician's CLI (bbtech). README "Commands": "a file or
 * folder a command was given that cannot be read or written (missing, a folder where a file was
 * meant) 1967 ... These are refusals (exit 2, no stack trace on stderr)"; a corrupt terminal.db
 * is "renamed terminal.db.corrupt-&lt;yyyyMMddHHmmss&gt; with its -wal/-shm, never deleted"; and
 * exit 2 is the code of the refusal object, 1 of an unexpected error.
 */
class TechnicianBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GARBAGE = "这不是数据库，是一张购物单：阿莫西林 x2\n".repeat(200).getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode assertRefused(Run run, String code) throws Exception {
        assertEquals(2, run.exit(), run.out() + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
        JsonNode refusal = JSON.readTree(run.out());
        assertEquals(code, refusal.path("term_errcode").asText(), run.out());
        return refusal;
    }

    /** `--config` naming a folder: 1967 naming it, as `--config missing.yaml` already is. */
    private void assertConfigFolderRefused(String... command) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("config-folder"));
        String[] args = Stream.concat(Stream.of(command), Stream.of("--config", folder.toString())).toArray(String[]::new);
        JsonNode refusal = assertRefused(run(args), "1967");
        assertTrue(refusal.path("err_msg").asText().contains(folder.toString()), refusal.toString());
    }

    @Test
    void diagnosticsExportWithAFolderAsConfigIsRefused1967() throws Exception {
        assertConfigFolderRefused("diagnostics", "export", dir.resolve("d.zip").toString());
    }

    @Test
    void selftestWithAFolderAsConfigIsRefused1967() throws Exception {
        assertConfigFolderRefused("selftest");
    }

    @Test
    void factoryResetWithAFolderAsConfigIsRefused1967AndRemovesNothing() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("config-folder"));
        Path inside = Files.writeString(folder.resolve("keep.txt"), "x");
        assertConfigFolderRefused("factory-reset", "--yes");
        assertTrue(Files.exists(inside));
    }

    @Test
    void provisionStatusOnACorruptDatabaseRefusesWithExit2() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("terminal.db"), GARBAGE);

        Run run = run("provision", "status", "--data-dir", data.toString());

        // It prints the refusal object {"term_errcode","err_msg"}; the README gives that exit 2.
        JsonNode refusal = JSON.readTree(run.out());
        assertFalse(refusal.path("term_errcode").asText().isEmpty(), run.out());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertArrayEquals(GARBAGE, Files.readAllBytes(data.resolve("terminal.db")), "read-only: the file as it was");
    }

    @Test
    void catalogShowQuarantinesTheWalWithTheDatabase() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("terminal.db"), GARBAGE);
        byte[] wal = "WALJUNK".getBytes(StandardCharsets.US_ASCII);
        Files.write(data.resolve("terminal.db-wal"), wal);

        assertRefused(run("catalog", "show", "X", "--data-dir", data.toString()), "1964");

        List<Path> left;
        try (Stream<Path> entries = Files.list(data)) {
            left = entries.toList();
        }
        Path quarantinedWal = left.stream().filter(p -> p.getFileName().toString().matches("terminal\\.db\\.corrupt-\\d{14}-wal"))
                .findFirst().orElseThrow(() -> new AssertionError("the -wal was not kept beside the quarantined database: " + left));
        assertArrayEquals(wal, Files.readAllBytes(quarantinedWal));
    }
}
