package org.yibao.terminal.cli;

import java.util.Arrays;
import java.util.Optional;
import org.yibao.terminal.app.AppVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code terminal} command line: the entry point of terminal.jar. */
@Command(name = "terminal", mixinStandardHelpOptions = true, versionProvider = TerminalCli.Version.class,
        description = "医保 point-of-service terminal (定点药店 / 自助机).",
        subcommands = {CommandLine.HelpCommand.class, CatalogCommand.class, CodeMapCommand.class, VoucherCommand.class, SimulateCommand.class, PolicyCommand.class, OperatorCommand.class, CardCommand.class, ScannerCommand.class, org.yibao.terminal.receipt.cli.PrinterCommand.class, ReceiptCommand.class, OutboxCommand.class, ClockCommand.class, CenterCommand.class, DemoCommand.class, RunCommand.class, SelftestCommand.class, DiagnosticsCommand.class, FactoryResetCommand.class, ProvisionCommand.class})
public final class TerminalCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** {@code terminal --version}: {@code terminal <version>}, the version the diagnostics report too. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"terminal " + AppVersion.current()};
        }
    }

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        Optional<Class<?>> only = args.length == 0 ? Optional.empty() : subcommand(args[0]);
        CommandLine cli = configure(only.isPresent()
                ? new CommandLine(only.get()).setCommandName("terminal " + args[0])
                : new CommandLine(new TerminalCli()));
        int code = cli.execute(only.isPresent() ? Arrays.copyOfRange(args, 1, args.length) : args);
        // System.exit does not flush: a command that print()s without a line end would print nothing.
        cli.getOut().flush();
        cli.getErr().flush();
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * {@code cli} (the whole tree or one top-level subcommand) set up as terminal.jar runs it:
     * every command of the tree writes to the same stdout and stderr writers, the ones
     * {@link #main} flushes before exit (picocli otherwise gives a subcommand that asks first
     * a writer of its own, which nothing flushes); every command answers {@code --version}
     * with the terminal's version; enum values are read whatever their case (--kind settlement);
     * a full disk or a taken API port thrown from any command is
     * printed as a refusal ({@link CliRefusal.HostFailureHandler}); a usage error is said in Chinese
     * first ({@link ChineseUsageErrors}), and one of a command that reads passwords does not quote
     * the values given ({@link PasswordSafeUsageErrors}). Returns {@code cli}.
     */
    public static CommandLine configure(CommandLine cli) {
        cli.setOut(cli.getOut());
        cli.setErr(cli.getErr());
        cli.setExecutionExceptionHandler(new CliRefusal.HostFailureHandler());
        cli.setParameterExceptionHandler(new ChineseUsageErrors(new PasswordSafeUsageErrors(cli.getParameterExceptionHandler())));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        giveVersion(cli, TerminalCli.class.getAnnotation(Command.class));
        return cli;
    }

    /** Gives every command of the tree without a version of its own the version {@code terminal} declares. */
    private static void giveVersion(CommandLine cli, Command terminal) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        if (spec.version().length == 0 && spec.versionProvider() == null) {
            if (terminal.version().length > 0) {
                spec.version(terminal.version());
            } else {
                spec.versionProvider(createVersionProvider(cli, terminal.versionProvider()));
            }
        }
        cli.getSubcommands().values().forEach(sub -> giveVersion(sub, terminal));
    }

    private static CommandLine.IVersionProvider createVersionProvider(CommandLine cli, Class<? extends CommandLine.IVersionProvider> type) {
        try {
            return cli.getFactory().create(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the version provider " + type.getName(), e);
        }
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
