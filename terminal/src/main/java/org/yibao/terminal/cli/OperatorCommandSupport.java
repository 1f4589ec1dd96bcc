package org.yibao.terminal.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.outbox.db.QuarantinedDatabaseException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.store.DatabaseFileReason;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the {@code terminal operator} subcommands share: the {@code --data-dir} and
 * {@code --password-stdin} options, opening the operators, reading passwords from standard
 * input (without echo when it is a terminal), and printing refusals ({@link CliRefusal}).
 * Exit codes: 0 done, 2 refused or bad usage, 1 unexpected error.
 */
final class OperatorCommandSupport {
    static final int EXIT_OK = 0;
    static final int EXIT_UNEXPECTED = 1;
    static final int EXIT_REFUSED = 2;
    static final String DATABASE_FILE = "terminal.db";

    /** The options every subcommand has (a picocli mixin). */
    static final class DataDir {
        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the terminal's data folder (holds terminal.db)")
        Path dataDir;
    }

    /** The {@code --password-stdin} flag (a picocli mixin). */
    static final class PasswordStdin {
        @Option(names = "--password-stdin", description = "read passwords from standard input, one per line (required: passwords never go on the command line)")
        boolean passwordStdin;
    }

    private OperatorCommandSupport() {
    }

    static SqliteDatabase openDatabase(DataDir options) {
        return SqliteDatabase.open(options.dataDir.resolve(DATABASE_FILE), BeijingTime.clock());
    }

    /**
     * The database of a command that needs operators already there ({@code passwd}, {@code disable},
     * {@code add --as}): never created. No {@code terminal.db} in the folder (a misspelt or not yet
     * provisioned {@code --data-dir}) is refused 1960 naming the file, the folder left as it was
     * (1965 when a quarantined copy lies there); answering 1601 from a new, empty database would send
     * the technician looking for a wrong password.
     */
    static SqliteDatabase openExistingDatabase(DataDir options) {
        Path file = options.dataDir.resolve(DATABASE_FILE);
        if (!Files.exists(file)) {
            List<Path> quarantined = SqliteDatabase.quarantinedCopies(file);
            if (!quarantined.isEmpty()) throw new QuarantinedDatabaseException(file.toAbsolutePath(), quarantined);
            throw new RefusedException(DatabaseFileReason.NO_DATABASE, file.toString());
        }
        return openDatabase(options);
    }

    static Operators operators(SqliteDatabase database) throws SQLException {
        return Operators.open(database, new PasswordHasher(), LockoutPolicy.DEFAULT, BeijingTime.clock());
    }

    /**
     * Reads {@code prompts.length} passwords: from the console without echo when standard input
     * is a terminal (also when the output goes to a file or a pipe and there is no console: then
     * with the terminal's echo off, {@link TerminalEcho}, and the prompts on stderr), else one per
     * line of standard input ({@link PasswordLines}: strict UTF-8,
     * bounded; a bad line is refused 1620). Without {@code --password-stdin}, or
     * with a line missing, it is a usage error.
     */
    static List<char[]> readPasswords(CommandLine cmd, PasswordStdin flag, String... prompts) throws IOException {
        if (!flag.passwordStdin) {
            throw new ParameterException(cmd, "密码只能从标准输入读取：请加 --password-stdin（依次输入：" + String.join("、", prompts) + "）");
        }
        Console console = System.console();
        List<char[]> passwords = new ArrayList<>();
        if (console != null && console.isTerminal()) {
            for (int i = 0; i < prompts.length; i++) {
                char[] typed = console.readPassword("%s: ", prompts[i]);
                if (typed == null) { // Ctrl-D at the prompt
                    wipe(passwords);
                    throw new ParameterException(cmd, "输入已结束，未输入第 " + (i + 1) + " 个密码（" + prompts[i] + "）");
                }
                passwords.add(typed);
            }
        } else if (TerminalEcho.standardInputIsTerminal()) { // typed, while the output goes to a file or a pipe
            try (TerminalEcho _ = TerminalEcho.off()) {
                readLines(cmd, passwords, Optional.of(cmd.getErr()), prompts);
            }
        } else {
            readLines(cmd, passwords, Optional.empty(), prompts);
        }
        return passwords;
    }

    /** One password a line ({@link PasswordLines}) into {@code passwords}, each after its prompt on {@code promptTo}. */
    private static void readLines(CommandLine cmd, List<char[]> passwords, Optional<PrintWriter> promptTo, String... prompts)
            throws IOException {
        PasswordLines in = new PasswordLines(System.in);
        try {
            for (int i = 0; i < prompts.length; i++) {
                String prompt = prompts[i];
                promptTo.ifPresent(err -> {
                    err.print(prompt + ": ");
                    err.flush();
                });
                Optional<char[]> line = in.next(i + 1);
                promptTo.ifPresent(PrintWriter::println); // the Enter typed was not echoed either
                if (line.isEmpty()) {
                    throw new ParameterException(cmd, "标准输入缺少第 " + (i + 1) + " 行（" + prompt + "）；应依次提供："
                            + String.join("、", prompts));
                }
                passwords.add(line.get());
            }
        } catch (RuntimeException | IOException e) {
            wipe(passwords);
            throw e;
        }
    }

    static void wipe(List<char[]> passwords) {
        if (passwords != null) passwords.forEach(PasswordHasher::wipe);
    }

    /** Prints a refusal ("1601 工号或密码错误") as {@link CliRefusal} does and returns {@link #EXIT_REFUSED}. */
    static int refused(CommandLine cmd, Refusal refusal) {
        return CliRefusal.print(cmd, refusal);
    }

    /**
     * The exit of a subcommand that failed with {@code failure}: a usage error stays one, a full
     * disk or a database or file problem ({@link CliRefusal#refusalOf}) is a refusal, anything else is "操作失败" on stderr and {@link #EXIT_UNEXPECTED}.
     */
    static int failed(CommandLine cmd, Exception failure) {
        if (failure instanceof ParameterException usage) throw usage;
        if (failure instanceof RefusedException refusedInput) return CliRefusal.print(cmd, refusedInput.refusal());
        Optional<Refusal> refusal = CliRefusal.refusalOf(failure);
        if (refusal.isPresent()) return CliRefusal.print(cmd, refusal.get());
        cmd.getErr().println("操作失败：" + failure.getMessage());
        return EXIT_UNEXPECTED;
    }

    /** The refusal of {@code outcome}, or null when it is done. */
    static Refusal refusalOf(OperatorOutcome<?> outcome) {
        return outcome instanceof OperatorOutcome.Refused<?>(Refusal refusal) ? refusal : null;
    }
}
