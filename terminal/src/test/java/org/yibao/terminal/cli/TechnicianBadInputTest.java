package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.demo.DemoFiles;
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

    /**
     * {@code --data-dir} naming a file (the catalogue itself, given twice by mistake, say): 1967
     * naming it and saying it is not a folder; the file stays as it was. It used to say
     * {@code 文件已存在} (file exists), which reads as if the command had refused to overwrite it.
     */
    @Test
    void aDataDirThatIsAFileIsRefused1967SayingItIsNotAFolder() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        DemoFiles.copyTo(files);
        Path catalog = files.resolve(DemoFiles.CATALOG);
        byte[] before = Files.readAllBytes(catalog);

        for (String kind : new String[] {"catalog", "codemap"}) {
            Path given = files.resolve(kind.equals("catalog") ? DemoFiles.CATALOG : DemoFiles.CODEMAP);
            JsonNode refusal = assertRefused(run(kind, "import", "--data-dir", catalog.toString(), given.toString()), "1967");
            String message = refusal.path("err_msg").asText();
            assertTrue(message.contains(catalog.toString()) && message.contains("不是目录"), kind + ": " + refusal);
            assertFalse(message.contains("文件已存在"), kind + ": " + refusal);
        }
        assertArrayEquals(before, Files.readAllBytes(catalog));
    }

    /**
     * {@code diagnostics export --data-dir} misspelt (or naming a file): 1967 naming the folder, and
     * no zip. It used to write a zip of an empty, "never provisioned" box and say {@code 已导出}
     * (exit 0): the technician sent the centre diagnostics of a folder that does not exist.
     */
    @Test
    void diagnosticsExportOfADataDirThatIsNotAFolderIsRefused1967AndWritesNoZip() throws Exception {
        Path misspelt = dir.resolve("yibao-termnal");
        Path file = Files.writeString(dir.resolve("terminal.yaml"), "device_id: T01\n");
        for (Path data : new Path[] {misspelt, file}) {
            Path zip = dir.resolve("diag.zip");

            JsonNode refusal = assertRefused(run("diagnostics", "export", zip.toString(), "--data-dir", data.toString()), "1967");

            assertTrue(refusal.path("err_msg").asText().contains(data.toString()), refusal.toString());
            assertFalse(Files.exists(zip), data + ": no zip");
            assertFalse(Files.exists(misspelt), "the misspelt folder is not created");
        }
    }

    /**
     * {@code provision status --data-dir} misspelt: 1967 naming the folder. It used to answer
     * {@code provisioned: false} (exit 0), as for a box never provisioned, inviting a
     * {@code provision init} there: a new device key in a folder the service never reads.
     */
    @Test
    void provisionStatusOfADataDirThatDoesNotExistIsRefused1967() throws Exception {
        Path misspelt = dir.resolve("yibao-termnal");

        Run run = run("provision", "status", "--data-dir", misspelt.toString());

        JsonNode refusal = assertRefused(run, "1967");
        assertTrue(refusal.path("err_msg").asText().contains(misspelt.toString()), refusal.toString());
        assertFalse(run.out().contains("provisioned"), run.out());
        assertFalse(Files.exists(misspelt), "the folder is not created");
    }

    /**
     * README "Commands": 1966 names the database. A terminal.db another process holds in a write
     * transaction (the running service in a long import, a technician's sqlite3 shell left in
     * {@code BEGIN EXCLUSIVE}): each command that writes it waits the busy timeout, then refuses
     * with 1966 naming the file, not only {@code 数据库正被其他程序使用}.
     */
    @Test
    void aDatabaseHeldBusyByAnotherConnectionIsRefused1966NamingTheFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        Path database = data.resolve("terminal.db").toAbsolutePath();
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Initial-0001\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run("operator", "add", "--data-dir", data.toString(), "--opter-no", "A001", "--name", "王小明",
                    "--role", "admin", "--password-stdin").exit());
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database);
                 Statement hold = other.createStatement()) {
                hold.execute("BEGIN EXCLUSIVE");
                List<String[]> commands = List.of(
                        new String[] {"catalog", "import", "--data-dir", data.toString(), files.resolve(DemoFiles.CATALOG).toString()},
                        new String[] {"receipt", "reprint", "2027011500000001", "--data-dir", data.toString(), "--simulated"},
                        new String[] {"operator", "passwd", "--data-dir", data.toString(), "--opter-no", "A001", "--password-stdin"});
                for (String[] command : commands) {
                    System.setIn(new ByteArrayInputStream("Initial-0001\nAdmin-2026!\n".getBytes(StandardCharsets.UTF_8)));
                    JsonNode refusal = assertRefused(run(command), "1966");
                    String message = refusal.path("err_msg").asText();
                    assertTrue(message.contains(database.toString()) && message.contains("SQLITE_BUSY"),
                            String.join(" ", command) + ": " + refusal);
                }
                hold.execute("ROLLBACK");
            }
        } finally {
            System.setIn(stdin);
        }
    }
}
