package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.api.http.HostFailures;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.store.ExistingDatabase;
import org.yibao.terminal.store.StorageFailures;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a command says it refused, as the README promises: {@code {"term_errcode":"NNNN",
 * "err_msg":"…"}} on stdout, the same as a line ({@code NNNN 中文说明}) on stderr for the person
 * at the terminal, and exit code {@value #EXIT_REFUSED}. Wrong usage is not a refusal: it is
 * picocli's usage error (message and usage on stderr, also exit 2).
 */
public final class CliRefusal {
    /** Exit code of a refusal. */
    public static final int EXIT_REFUSED = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(CliRefusal.class);

    private CliRefusal() {
    }

    /** Prints {@code refusal} and returns {@link #EXIT_REFUSED}. */
    public static int print(CommandLine cmd, Refusal refusal) {
        return print(cmd, refusal.reason().code(), refusal.errMsg(), EXIT_REFUSED);
    }

    /** Prints a refusal whose code is not a {@code ReasonCode} (the provisioning module's), exit {@link #EXIT_REFUSED}. */
    public static int print(CommandLine cmd, String code, String errMsg) {
        return print(cmd, code, errMsg, EXIT_REFUSED);
    }

    /** Prints a refusal and returns {@code exit}: for the few outcomes a command's help gives their own exit code. */
    public static int print(CommandLine cmd, String code, String errMsg, int exit) {
        PrintWriter out = cmd.getOut();
        out.println(json(code, errMsg));
        out.flush();
        PrintWriter err = cmd.getErr();
        err.println(code + " " + errMsg);
        err.flush();
        return exit;
    }

    /** The refusal object as one line of JSON. */
    static String json(String code, String errMsg) {
        return JSON.createObjectNode().put("term_errcode", code).put("err_msg", errMsg).toString();
    }

    /**
     * The refusal for a failure a technician can act on, wherever a command meets it: the
     * machine's ({@link HostFailures}: storage full 1018, the API port taken 1017), then a
     * database's or a file's ({@link StorageFailures}: 1963-1967, e.g. a database quarantined,
     * a read-only data folder, a missing file); then a refusal the code raised itself
     * ({@link RefusedException}, e.g. a policy file {@code run} cannot use). Empty for anything
     * else (a bug).
     */
    public static Optional<Refusal> refusalOf(Throwable failure) {
        Optional<Refusal> host = HostFailures.refusal(failure);
        if (host.isPresent()) return host;
        Optional<Refusal> storage = StorageFailures.refusal(failure);
        return storage.isPresent() ? storage : refused(failure);
    }

    /**
     * The refusal for a database a command only reads ({@link ExistingDatabase}) failing while it
     * reads: a full disk is 1018 as everywhere else (SQLite cannot make the {@code -shm} beside a
     * writer's {@code -wal}), not 1963 with SQLite's English text; anything else is
     * {@link ExistingDatabase#refusalOf}'s 1960-1963 naming the file.
     */
    public static Refusal readingDatabase(SQLException e, String named) {
        return HostFailures.refusal(e).orElseGet(() -> ExistingDatabase.refusalOf(e, named));
    }

    /** The first {@link RefusedException} in {@code failure}'s cause chain: a refusal the code already worded. */
    private static Optional<Refusal> refused(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
            if (cause instanceof RefusedException refused) return Optional.of(refused.refusal());
        }
        return Optional.empty();
    }

    /**
     * Installed for every command by {@link TerminalCli#configure}: a failure {@link #refusalOf}
     * knows, thrown from any command, is printed as a refusal (exit 2; the stack trace goes to
     * the log at debug level only); anything else stays an unexpected error (stack trace on
     * stderr, exit 1).
     */
    static final class HostFailureHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception failure, CommandLine cmd, ParseResult parsed) throws Exception {
            Optional<Refusal> refusal = refusalOf(failure);
            if (refusal.isEmpty()) throw failure;
            LOG.debug("{} refused: {}", cmd.getCommandName(), refusal.get().reason().code(), failure);
            return print(cmd, refusal.get());
        }
    }
}
