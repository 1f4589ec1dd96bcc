package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terminal.jar's entry point as its own JVM: what a command writes reaches stdout before
 * {@code System.exit}, on the fast path ({@code terminal X ...}) as on the whole tree.
 */
class TerminalCliProcessTest {
    @TempDir Path dir;

    @Test
    void printerDecodeShowsWhatTheTerminalPrinted() throws Exception {
        Path capture = Files.createFile(dir.resolve("out.bin"));
        CliProcess.Result printed = CliProcess.run(Map.of(), "printer", "test", "--usb", capture.toString(), "--no-status");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(Files.size(capture) > 0, "the test receipt went to the capture file");

        CliProcess.Result decoded = CliProcess.run(Map.of(), "printer", "decode", capture.toString());
        assertEquals(0, decoded.exit(), decoded.err());
        String transcript = String.join("\n", decoded.out());
        assertTrue(transcript.contains("打印测试"), transcript);
        assertTrue(transcript.contains("[CUT"), transcript);
    }

    @Test
    void everyCommandAnswersVersion() throws Exception {
        CliProcess.Result terminal = CliProcess.run(Map.of(), "--version");
        assertEquals(0, terminal.exit(), terminal.err());
        assertTrue(terminal.line().startsWith("terminal "), terminal.line());
        for (List<String> args : List.of(List.of("demo", "--version"), List.of("printer", "decode", "-V"))) {
            CliProcess.Result run = CliProcess.run(Map.of(), args.toArray(String[]::new));
            assertEquals(0, run.exit(), args + ": " + run.err());
            assertEquals(terminal.out(), run.out(), args.toString());
        }
    }
}
