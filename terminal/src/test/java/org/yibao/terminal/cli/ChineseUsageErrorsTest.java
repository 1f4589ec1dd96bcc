package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A usage error is said in Chinese first, for the technician at the device, naming options and
 * parameters but never a value given; picocli's English message and the usage follow. A message
 * the project wrote in Chinese itself gets no second line. Before, a technician read only
 * "Missing required parameter: 'FILE'".
 */
class ChineseUsageErrorsTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return TerminalCli.configure(cli).execute(args);
    }

    @Test
    void aMissingParameterIsNamedInChineseFirst() {
        assertEquals(2, run("catalog", "import"));
        assertTrue(err.toString().startsWith("命令用法有误：缺少必需的参数或选项 FILE"), err.toString());
        assertTrue(err.toString().contains("Missing required parameter"), "picocli's own line follows: " + err);
    }

    @Test
    void anUnknownOptionIsSaidInChineseWithoutQuotingWhatWasTyped() {
        assertEquals(2, run("operator", "add", "--data-dir", "/nonexistent", "--opter-no", "A001", "--name", "王",
                "--role", "admin", "--password", "Sekret-2026x"));
        String first = err.toString().lines().findFirst().orElse("");
        assertEquals("命令用法有误：有无法识别的参数或选项（英文说明与用法见下）", first);
        assertFalse(err.toString().contains("Sekret-2026x"), err.toString());
    }

    @Test
    void aBadValueNamesTheOption() {
        assertEquals(2, run("center", "bundle", "--valid-days", "many"));
        assertTrue(err.toString().startsWith("命令用法有误：--valid-days 的取值无效"), err.toString());
    }
}
