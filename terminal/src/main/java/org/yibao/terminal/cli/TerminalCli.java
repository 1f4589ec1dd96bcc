package org.yibao.terminal.cli;

import java.util.Arrays;
import java.util.Optional;
import org.yibao.terminal.app.AppVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code terminal} command line: the entry point of terminal.jar. */
@Command(name = "terminal", mixinStandardHelpOptions = true, versionProvider = TerminalCli.Version.class,
        description = "医保 point-of-service terminal (定点药店 / 自助机).",
        subcommands = {CommandLine.HelpCommand.class, CatalogCommand.class, CodeMapCommand.class, VoucherCommand.class, SimulateCommand.class, OperatorCommand.class, CardCommand.class, ScannerCommand.class, org.yibao.terminal.receipt.cli.PrinterCommand.class, ReceiptCommand.class, CenterCommand.class, DemoCommand.class, RunCommand.class, SelftestCommand.class, DiagnosticsCommand.class, FactoryResetCommand.class, ProvisionCommand.class})
public final class TerminalCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** {@code terminal --version}: {@code terminal <version>}, the version the diagnostics report too. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"terminal " + AppVersion.current()};
        }
    }

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Optional<Class<?>> only = args.length == 0 ? Optional.empty() : subcommand(args[0]);
        int code = only.isPresent()
                ? new CommandLine(only.get()).setCommandName("terminal " + args[0]).execute(Arrays.copyOfRange(args, 1, args.length))
                : new CommandLine(new TerminalCli()).execute(args);
        System.exit(code);
    }

    /**
     * The top-level subcommand called {@code name}, read from the annotations only. Picocli
     * builds every command of the tree by reflection before parsing (about a second on a small
     * device); {@code terminal run} and the other commands build just their own subtree.
     * {@code help} needs the whole tree, so it is not offered here.
     */
    static Optional<Class<?>> subcommand(String name) {
        for (Class<?> candidate : TerminalCli.class.getAnnotation(Command.class).subcommands()) {
            Command command = candidate.getAnnotation(Command.class);
            if (candidate != CommandLine.HelpCommand.class && command != null
                    && (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
