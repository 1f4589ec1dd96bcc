package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.operator.Operators;

/**
 * {@code terminal operator add --password-stdin} at a real terminal: {@code script} (util-linux)
 * gives the child JVM a pseudo-terminal, so the password is read from the console without
 * echo, as a technician types it. Ctrl-D at the prompt made the console answer null, and the
 * command ended with exit 1 and {@code 操作失败：Cannot read the array length because "password"
 * is null}; it is a usage error in Chinese now (exit 2), and nothing is added.
 */
class OperatorConsoleProcessTest {
    private static final String PROMPT = "初始密码";

    @TempDir Path dir;

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    @Test void ctrlDAtThePasswordPromptIsAUsageErrorInChinese() throws Exception {
        Typed typed = typeAtThePrompt(addCommand(), new byte[] {4}, true); // Ctrl-D
        String output = typed.screen();
        assertEquals(2, typed.exit(), output);
        assertTrue(output.contains("输入已结束，未输入第 1 个密码（初始密码）"), output);
        assertFalse(output.contains("Cannot read") || output.contains("操作失败"), output);
        if (Files.exists(dir.resolve("terminal.db"))) {
            try (SqliteDatabase database = SqliteDatabase.openReadOnly(dir.resolve("terminal.db"))) {
                assertEquals(List.of(), Operators.listExisting(database), "nothing added");
            }
        }
    }

    /**
     * At a terminal with the output sent to a file ({@code … > add.log}, {@code | tee}): the JVM
     * has no console then, so the password was read as plain lines, shown on the screen as it was
     * typed, with no prompt. It is read without echo, after a prompt on stderr.
     */
    @Test void aPasswordTypedAtATerminalIsNotShownWhenTheOutputGoesToAFile() throws Exception {
        Path log = dir.resolve("add.log");
        // without the prompt (before the fix) it types after 30 s, and the test fails below
        Typed typed = typeAtThePrompt(addCommand() + " > " + quoted(log.toString()),
                "Initial-0001\r".getBytes(StandardCharsets.UTF_8), false);
        String screen = typed.screen();
        assertEquals(0, typed.exit(), screen);
        assertTrue(Files.readString(log).contains("已添加操作员 A001"), Files.readString(log));
        assertTrue(screen.contains(PROMPT), "a prompt: " + screen);
        assertFalse(screen.contains("Initial-0001"), "the password shown as typed: " + screen);
    }

    /**
     * Ctrl-C at that prompt (the technician gives up): the JVM ends on SIGINT without closing
     * what it had open, and the terminal was left with its echo off, so everything typed next in
     * that shell was invisible until a blind {@code stty sane}. The echo is back on when it ends.
     */
    @Test void ctrlCAtThePromptWithTheOutputInAFileLeavesTheTerminalEchoing() throws Exception {
        Path log = dir.resolve("add.log");
        // the shell goes on after the command's Ctrl-C (its trap) and shows the terminal's settings then; the
        // command gets Ctrl-C's default action even where the build runs with SIGINT ignored (started in the
        // background by a shell without job control, whose children inherit the ignoring, and the JVM keeps it)
        Path shell = Files.writeString(dir.resolve("add.sh"), "trap 'echo INTERRUPTED' INT\nenv --default-signal=INT "
                + addCommand() + " > " + quoted(log.toString()) + "\n"
                + "echo \"EXIT=$?\"; echo \"STTY[$(stty -a | tr '\\n' ' ')]\"\n");
        String screen = typeAtThePrompt("bash " + quoted(shell.toString()), "Init\u0003".getBytes(StandardCharsets.UTF_8), true)
                .screen(); // Ctrl-C after a few characters
        assertTrue(screen.contains("EXIT=130"), "ended by the Ctrl-C: " + screen);
        assertTrue(screen.contains("STTY["), "no settings shown: " + screen);
        String settings = screen.substring(screen.indexOf("STTY["));
        assertTrue(settings.matches("(?s).*\\secho\\s.*") && !settings.matches("(?s).*\\s-echo\\s.*"),
                "the terminal was left without echo: " + settings);
        if (Files.exists(dir.resolve("terminal.db"))) {
            try (SqliteDatabase database = SqliteDatabase.openReadOnly(dir.resolve("terminal.db"))) {
                assertEquals(List.of(), Operators.listExisting(database), "nothing added");
            }
        }
    }

    /** The shell command that runs {@code terminal operator add --password-stdin} for a first admin in {@link #dir}. */
    private String addCommand() {
        List<String> child = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), TerminalCli.class.getName(),
                "operator", "add", "--data-dir", dir.toString(), "--opter-no", "A001", "--name", "王小明", "--role", "admin",
                "--password-stdin");
        return String.join(" ", child.stream().map(OperatorConsoleProcessTest::quoted).toList());
    }

    /** What a session at the terminal showed, and how it ended. */
    private record Typed(String screen, int exit) {
    }

    /**
     * Runs {@code command} on a pseudo-terminal ({@code script}), waits (at most 30 s) for the
     * prompt, which must appear when {@code promptRequired}, types {@code keys}, and waits (at most
     * 60 s) for the command to end.
     */
    private static Typed typeAtThePrompt(String command, byte[] keys, boolean promptRequired) throws Exception {
        Process script = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (OutputStream typing = script.getOutputStream()) {
            boolean prompted = awaitText(script.getInputStream(), seen, PROMPT, 30);
            if (promptRequired) assertTrue(prompted, "no prompt: " + seen.toString(StandardCharsets.UTF_8));
            typing.write(keys);
            typing.flush();
            assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the command did not end");
            script.getInputStream().transferTo(seen);
        } finally {
            script.destroyForcibly();
        }
        return new Typed(seen.toString(StandardCharsets.UTF_8), script.exitValue());
    }

    /**
     * Reads {@code in} into {@code seen} until it holds {@code text}, for at most {@code seconds}
     * (polling, so a child that prints nothing does not block it); false at its end.
     */
    private static boolean awaitText(InputStream in, ByteArrayOutputStream seen, String text, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        byte[] buffer = new byte[256];
        while (System.nanoTime() < deadline) {
            if (in.available() == 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                continue;
            }
            int n = in.read(buffer);
            if (n < 0) return false;
            seen.write(buffer, 0, n);
            if (seen.toString(StandardCharsets.UTF_8).contains(text)) return true;
        }
        return false;
    }
}
