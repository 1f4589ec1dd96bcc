package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.terminal.api.http.FullDisk;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.domain.Refusal;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The machine's failures thrown from a command - a full disk, the API port taken - come out as
 * the README's refusal (JSON on stdout, a line on stderr, exit 2), not as a stack trace.
 */
class HostFailureCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    /** A command whose database fills up, as {@code catalog import} does on a full disk. */
    @Command(name = "fill")
    static final class FillCommand implements Callable<Integer> {
        final Path file;

        FillCommand(Path file) {
            this.file = file;
        }

        @Override public Integer call() throws Exception {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                FullDisk.fillUp(connection);
            }
            return 0;
        }
    }

    @Command(name = "bug")
    static final class BugCommand implements Callable<Integer> {
        @Override public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    private record Run(int exit, String out, String err) {
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

    @Test
    void aFullDiskIsARefusalNotAStackTrace() throws Exception {
        Run run = inProcess(new FillCommand(dir.resolve("terminal.db")));
        assertEquals(2, run.exit(), run.err());
        JsonNode refusal = JSON.readTree(run.out());
        assertEquals("1018", refusal.path("term_errcode").asText());
        assertEquals("终端存储空间已满，请联系技术人员清理：未写入任何数据", refusal.path("err_msg").asText());
        assertEquals("1018 终端存储空间已满，请联系技术人员清理：未写入任何数据", run.err().strip());
    }

    @Test
    void anythingElseStaysAnUnexpectedError() {
        Run run = inProcess(new BugCommand());
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("IllegalStateException: a bug"), run.err());
    }

    @Test
    void demoServeOnATakenPortSaysWhichPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CliProcess.Result run = CliProcess.run(Map.of(), "demo", "--serve", "--api-port", Integer.toString(port),
                    "--data-dir", dir.resolve("demo").toString());
            assertTakenPortRefused(run, port);
        }
    }

    @Test
    void runOnATakenPortSaysWhichPort() throws Exception {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path config = DemoRunFile.write(dir, files.resolve(DemoFiles.POLICY), port);
            CliProcess.Result run = CliProcess.run(Map.of(), "run", "--config", config.toString());
            assertTakenPortRefused(run, port);
        }
    }

    private static void assertTakenPortRefused(CliProcess.Result run, int port) throws Exception {
        assertEquals(2, run.exit(), run.err());
        JsonNode refusal = JSON.readTree(run.line());
        assertEquals("1017", refusal.path("term_errcode").asText());
        assertTrue(refusal.path("err_msg").asText().startsWith("接口端口已被占用：" + port + "（127.0.0.1）"), run.line());
        assertTrue(run.err().contains("1017 接口端口已被占用：" + port), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    /**
     * A command that only reads a database ({@code outbox list}, {@code receipt waiting}) on a
     * full disk: SQLite cannot make the {@code -shm} beside a writer's {@code -wal} and says
     * SQLITE_IOERR_SHMSIZE (what a full tmpfs gave) as it reads. That is 1018 as everywhere, not
     * 1963 with SQLite's English; a file that is not a database is still 1961, naming it.
     */
    @Test
    void aFullDiskMetWhileReadingADatabaseIs1018InChinese() {
        SQLiteException shm = new SQLiteException("[SQLITE_IOERR_SHMSIZE] I/O error within xShmMap (disk I/O error)",
                SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);
        Refusal full = CliRefusal.readingDatabase(shm, "--data-dir /data");
        assertEquals("1018", full.reason().code());
        assertFalse(full.errMsg().contains("I/O"), full.errMsg());
        SQLiteException notADatabase = new SQLiteException("[SQLITE_NOTADB] file is not a database", SQLiteErrorCode.SQLITE_NOTADB);
        Refusal other = CliRefusal.readingDatabase(notADatabase, "--data-dir /data");
        assertEquals("1961", other.reason().code());
        assertTrue(other.errMsg().contains("--data-dir /data"), other.errMsg());
    }
}
