package org.yibao.terminal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code terminal diagnostics}: groups {@code export}. */
@Command(name = "diagnostics", mixinStandardHelpOptions = true, description = {"供技术人员或中心使用的诊断。", "Diagnostics for a technician or the centre."},
        subcommands = {DiagnosticsExportCommand.class})
public final class DiagnosticsCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }
}
