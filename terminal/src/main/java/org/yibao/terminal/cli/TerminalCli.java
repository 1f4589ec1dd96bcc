package org.yibao.terminal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code terminal} command line: the entry point of terminal.jar. */
@Command(name = "terminal", mixinStandardHelpOptions = true, version = "terminal 0.1.0",
        description = "医保 point-of-service terminal (定点药店 / 自助机).",
        subcommands = {CommandLine.HelpCommand.class, CatalogCommand.class, CodeMapCommand.class, VoucherCommand.class, SimulateCommand.class, OperatorCommand.class, CardCommand.class, ScannerCommand.class, org.yibao.terminal.receipt.cli.PrinterCommand.class, ReceiptCommand.class, CenterCommand.class, DemoCommand.class, RunCommand.class, SelftestCommand.class, DiagnosticsCommand.class, FactoryResetCommand.class, ProvisionCommand.class})
public final class TerminalCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TerminalCli()).execute(args));
    }
}
