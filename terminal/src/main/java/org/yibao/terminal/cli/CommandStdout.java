package org.yibao.terminal.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** A command's one-line result on picocli's stdout (the writer tests capture), flushed at once. */
final class CommandStdout {
    private CommandStdout() {
    }

    static void println(CommandSpec spec, Object result) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(result);
        stdout.flush();
    }
}
