package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code selftest} and {@code diagnostics export} without --config or --data-dir: a usage error (exit 2, Chinese, no stack trace). */
class DataFolderRequiredTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"selftest", "diagnostics export"})
    void neitherConfigNorDataDirIsAUsageError(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = command.equals("selftest") ? new String[] {"selftest"}
                : new String[] {"diagnostics", "export", dir.resolve("d.zip").toString()};

        int exit = cli.execute(args);

        assertEquals(2, exit, out + " " + err);
        assertTrue(err.toString().contains("需要 --config FILE 或 --data-dir DIR"), err.toString());
        assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), err.toString());
        assertFalse(err.toString().contains("1993"), "1993 is factory-reset's 数据目录无效, not this: " + err);
        assertFalse(Files.exists(dir.resolve("d.zip")));
    }
}
