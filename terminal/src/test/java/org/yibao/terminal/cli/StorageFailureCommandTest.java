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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.terminal.demo.DemoFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Database and file failures thrown from a command come out as the README's refusal (a code and
 * a Chinese message naming the file, JSON on stdout, a line on stderr, exit 2), never as a stack
 * trace: a corrupt terminal.db is quarantined (1964) and, while its quarantined copy lies beside
 * it, no command creates a new empty one (1965); a database that cannot be opened (1966); a file
 * that cannot be read or written (1967).
 */
class StorageFailureCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final byte[] GARBAGE = "这不是数据库，是一张购物单：阿莫西林 x2\n".repeat(200).getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    record Run(int exit, String out, String err) {
        JsonNode refusal() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run run(String... args) {
        return withStdin(null, args);
    }

    private static Run withStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        InputStream oldIn = System.in;
        if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(oldIn);
        }
    }

    private static Run inProcess(Object command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(command));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute();
        return new Run(exit, out.toString(), err.toString());
    }

    /** The refusal on stdout and stderr, exit 2, no stack trace. */
    private static JsonNode assertRefused(Run run, String code) throws Exception {
        assertEquals(2, run.exit(), run.out() + run.err());
        JsonNode refusal = run.refusal();
        assertEquals(code, refusal.path("term_errcode").asText(), run.out());
        assertTrue(run.err().contains(code + " " + refusal.path("err_msg").asText()), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
        return refusal;
    }

    private Path corruptDataDir() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("terminal.db"), GARBAGE);
        return data;
    }

    private static List<Path> quarantined(Path data) throws Exception {
        try (Stream<Path> entries = Files.list(data)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("terminal.db.corrupt-")).toList();
        }
    }

    private Path demoFile(String name) throws Exception {
        Path files = dir.resolve("files");
        if (!Files.isDirectory(files)) DemoFiles.copyTo(files);
        return files.resolve(name);
    }

    @Test
    void aCorruptDatabaseIsQuarantinedAndTheNextCommandCreatesNoNewOne() throws Exception {
        Path data = corruptDataDir();
        String catalog = demoFile(DemoFiles.CATALOG).toString();

        JsonNode first = assertRefused(run("catalog", "import", "--data-dir", data.toString(), catalog), "1964");
        List<Path> moved = quarantined(data);
        assertEquals(1, moved.size(), moved.toString());
        assertArrayEquals(GARBAGE, Files.readAllBytes(moved.getFirst()), "kept byte for byte");
        assertTrue(first.path("err_msg").asText().startsWith("数据库已损坏或无法读取，已改名隔离保存"), first.toString());
        assertTrue(first.path("err_msg").asText().contains(moved.getFirst().toString()), first.toString());

        // the serious part: a second import must not start an empty terminal.db (its outbox would number claims from 1 again)
        JsonNode second = assertRefused(run("catalog", "import", "--data-dir", data.toString(), catalog), "1965");
        assertTrue(second.path("err_msg").asText().contains(moved.getFirst().toString()), second.toString());
        assertFalse(Files.exists(data.resolve("terminal.db")), "no new database");
        assertFalse(Files.exists(data.resolve("terminal.db-wal")));

        assertRefused(run("codemap", "import", "--data-dir", data.toString(), demoFile(DemoFiles.CODEMAP).toString()), "1965");
        assertRefused(withStdin("Initial-0001\n", "operator", "add", "--data-dir", data.toString(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin"), "1965");
        assertFalse(Files.exists(data.resolve("terminal.db")), "no new database");
        assertEquals(moved, quarantined(data), "the quarantined file stays where it is");
    }

    @Test
    void codemapImportAndReceiptReprintOnACorruptDatabaseQuarantineItToo() throws Exception {
        Path data = corruptDataDir();
        assertRefused(run("codemap", "import", "--data-dir", data.toString(), demoFile(DemoFiles.CODEMAP).toString()), "1964");
        assertEquals(1, quarantined(data).size());

        Files.write(data.resolve("terminal.db"), GARBAGE);
        assertRefused(run("receipt", "reprint", "DEMO01-S00000001", "--data-dir", data.toString(), "--simulated"), "1964");
        assertEquals(2, quarantined(data).size());
        assertRefused(run("receipt", "reprint", "DEMO01-S00000001", "--data-dir", data.toString(), "--simulated"), "1965");
    }

    /**
     * The quarantined copy's name carries the time in Beijing, as the settlements and the logs do,
     * whatever the operating system's time zone (this JVM's default zone is the machine's).
     */
    @Test
    void aQuarantinedCopyIsStampedInBeijingTimeByEveryCommand() throws Exception {
        String[][] commands = {
            {"catalog", "import", "--data-dir", "DATA", demoFile(DemoFiles.CATALOG).toString()},
            {"codemap", "import", "--data-dir", "DATA", demoFile(DemoFiles.CODEMAP).toString()},
            {"receipt", "reprint", "DEMO01-S00000001", "--data-dir", "DATA", "--simulated"},
            {"operator", "add", "--data-dir", "DATA", "--opter-no", "A001", "--name", "王小明", "--role", "admin", "--password-stdin"},
        };
        for (String[] command : commands) {
            Path data = Files.createDirectories(dir.resolve("data-" + command[0]));
            Files.write(data.resolve("terminal.db"), GARBAGE);
            String[] args = Stream.of(command).map(a -> a.equals("DATA") ? data.toString() : a).toArray(String[]::new);
            LocalDateTime before = LocalDateTime.now(BEIJING).withNano(0);
            assertRefused(withStdin("Initial-0001\n", args), "1964");
            LocalDateTime after = LocalDateTime.now(BEIJING);
            List<Path> moved = quarantined(data);
            assertEquals(1, moved.size(), String.join(" ", command) + ": " + moved);
            String name = moved.getFirst().getFileName().toString();
            LocalDateTime stamp = LocalDateTime.parse(name.substring("terminal.db.corrupt-".length(), "terminal.db.corrupt-".length() + 14),
                    DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            assertFalse(stamp.isBefore(before) || stamp.isAfter(after), String.join(" ", command) + ": " + name
                    + " is not Beijing time between " + before + " and " + after);
        }
    }

    @Test
    void receiptReprintWithoutADatabaseIsRefused1960InChineseAndCreatesNothing() throws Exception {
        Path data = dir.resolve("no-such-data");

        JsonNode refusal = assertRefused(run("receipt", "reprint", "DEMO01-S00000001", "--data-dir", data.toString(), "--simulated"), "1960");

        assertTrue(refusal.path("err_msg").asText().contains(data.resolve("terminal.db").toString()), refusal.toString());
        assertFalse(Files.exists(data), "the folder is not created");
    }

    @Test
    void catalogShowOnACorruptDatabaseQuarantinesItLikeTheOtherCommands() throws Exception {
        Path data = corruptDataDir();

        JsonNode refusal = assertRefused(run("catalog", "show", "--data-dir", data.toString(), "XA01"), "1964");

        List<Path> moved = quarantined(data);
        assertEquals(1, moved.size());
        assertArrayEquals(GARBAGE, Files.readAllBytes(moved.getFirst()));
        assertTrue(refusal.path("err_msg").asText().contains(moved.getFirst().toString()), refusal.toString());
        assertRefused(run("codemap", "show", "--data-dir", data.toString(), "P0001"), "1965");
    }

    @Test
    void aDatabaseThatCannotBeOpenedNamesTheFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path db = Files.createDirectories(data.resolve("terminal.db")); // SQLITE_CANTOPEN, as a read-only folder gives

        JsonNode imported = assertRefused(run("catalog", "import", "--data-dir", data.toString(), demoFile(DemoFiles.CATALOG).toString()), "1966");
        assertTrue(imported.path("err_msg").asText().startsWith("数据库无法打开或写入：" + db.toAbsolutePath()), imported.toString());

        JsonNode added = assertRefused(withStdin("Initial-0001\n", "operator", "add", "--data-dir", data.toString(), "--opter-no", "A001",
                "--name", "王小明", "--role", "admin", "--password-stdin"), "1966");
        assertFalse(added.path("err_msg").asText().contains("操作失败"), added.toString());
        assertTrue(Files.isDirectory(db), "nothing moved or created");
        assertEquals(List.of(), quarantined(data));
    }

    /** A command whose database is in a read-only folder, as {@code catalog show} saw it. */
    @Command(name = "readonly")
    static final class ReadOnlyCommand implements Callable<Integer> {
        @Override public Integer call() throws Exception {
            throw new SQLiteException("[SQLITE_READONLY_DIRECTORY] Process does not have permission to create a journal file",
                    SQLiteErrorCode.SQLITE_READONLY_DIRECTORY);
        }
    }

    @Test
    void aReadOnlyFolderIsARefusalNotAStackTrace() throws Exception {
        JsonNode refusal = assertRefused(inProcess(new ReadOnlyCommand()), "1966");
        assertTrue(refusal.path("err_msg").asText().contains("只读"), refusal.toString());
    }

    @Test
    void diagnosticsExportToAFolderNamesTheFolder() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path folder = Files.createDirectories(dir.resolve("out"));

        JsonNode refusal = assertRefused(run("diagnostics", "export", "--data-dir", data.toString(), folder.toString()), "1967");

        assertTrue(refusal.path("err_msg").asText().startsWith("文件无法读取或写入：" + folder), refusal.toString());
        assertTrue(refusal.path("err_msg").asText().contains("是目录"), refusal.toString());
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
    }

    @Test
    void voucherIssueWithAMissingOrBadKeyIsARefusal() throws Exception {
        Path missing = dir.resolve("missing.pem");
        JsonNode none = assertRefused(run("voucher", "issue", "--key", missing.toString(), "--kid", "k1", "--alg", "SM2",
                "--psn-no", "1"), "1967");
        assertEquals("文件无法读取或写入：" + missing + "：文件或目录不存在", none.path("err_msg").asText());

        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) (0x80 + i % 100);
        Path notPem = Files.write(dir.resolve("binary.pem"), binary);
        JsonNode bad = assertRefused(run("voucher", "issue", "--key", notPem.toString(), "--kid", "k1", "--alg", "SM2", "--psn-no", "1"), "1754");
        assertTrue(bad.path("err_msg").asText().contains(notPem.toString()), bad.toString());

        Path text = Files.writeString(dir.resolve("text.pem"), "hello\n");
        assertRefused(run("voucher", "issue", "--key", text.toString(), "--kid", "k1", "--alg", "SM2", "--psn-no", "1"), "1754");
    }

    @Test
    void runBesideAQuarantinedDatabaseRefusesToStartAndCreatesNothing() throws Exception {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path quarantined = Files.write(data.resolve("terminal.db.corrupt-20261203120000"), GARBAGE);
        Path config = DemoRunFile.write(dir, files.resolve(DemoFiles.POLICY), 0);

        CliProcess.Result run = CliProcess.run(Map.of(), "run", "--config", config.toString());

        assertEquals(2, run.exit(), run.err());
        JsonNode refusal = JSON.readTree(run.line());
        assertEquals("1965", refusal.path("term_errcode").asText(), run.line());
        assertTrue(refusal.path("err_msg").asText().contains(quarantined.toString()), run.line());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(Files.exists(data.resolve("terminal.db")), "no new database");
    }
}
