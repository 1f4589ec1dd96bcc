package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.store.ExistingDatabase;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal outbox retry --data-dir DIR (ID... | --all-needing-attention)}: puts
 * NEEDS_ATTENTION messages back to PENDING with their attempts reset; the service's uplink (if it
 * runs) publishes them again within its poll (half a second), else the next start does. Safe
 * while the service runs: one short write transaction on terminal.db, which waits for the
 * service's own commit like any second writer of the WAL database.
 *
 * <p>Named ids are retried together or not at all: an unknown id (1710), a REJECTED one (1711)
 * or one that is not NEEDS_ATTENTION (1712) refuses the command with nothing changed. REJECTED
 * messages are never sent again: the centre rejected them with a reason, and it answers a claim
 * id it has seen with the same answer, so sending it again cannot help; what was wrong is
 * handled at the centre. {@code --all-needing-attention} leaves them alone too. A folder
 * without a usable terminal.db is refused (1960-1963) and nothing is created.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"把需要人工处理（NEEDS_ATTENTION）的消息放回待上传（PENDING），尝试次数清零；服务运行时也可使用。",
                "中心已拒绝（REJECTED）的消息不重发（1711）。Exit 0 done, 2 refused (1710-1712, 1960-1963)."})
public final class OutboxRetryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutboxCommandSupport.DataDir data;

    /** Which messages: named ones, or every one that needs attention. */
    static final class Which {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "message ids as `terminal outbox list` shows them")
        List<String> ids;

        @Option(names = "--all-needing-attention", required = true, description = "every NEEDS_ATTENTION message (never REJECTED ones)")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        Path file = data.database();
        try {
            if (!checkReadable(file)) { // terminal.db as provision apply / operator add leave it: nothing was ever queued
                if (which.all) return done(List.of());
                return CliRefusal.print(cmd, new Refusal(OutboxReason.NO_SUCH_MESSAGE,
                        which.ids.getFirst() + "，未做任何更改（终端服务尚未启动过：本机还没有待上传的消息）"));
            }
            try (SqliteDatabase database = SqliteDatabase.open(file, BeijingTime.clock())) {
                OutboxOperator outbox = OutboxOperator.existing(database);
                if (which.all) return done(outbox.retryAllNeedingAttention());
                return switch (outbox.retry(which.ids)) {
                    case OutboxOperator.Retry.Done done -> done(done.retried());
                    case OutboxOperator.Retry.Unknown unknown -> CliRefusal.print(cmd,
                            new Refusal(OutboxReason.NO_SUCH_MESSAGE, unknown.id() + "，未做任何更改"));
                    case OutboxOperator.Retry.NotRetryable not -> CliRefusal.print(cmd, notRetryable(outbox, not.message()));
                };
            }
        } catch (RefusedException e) {
            return CliRefusal.print(cmd, e.refusal());
        } catch (SQLException | RuntimeException e) {
            return OperatorCommandSupport.failed(cmd, e);
        }
    }

    /**
     * Refuses a file that is not the terminal's database before opening it for writing, which
     * would set an unreadable file aside: this command only reads the file to decide, like
     * {@code operator list} (1960-1963), and never creates it. False when the file has no outbox
     * yet (the service never started: {@code provision apply} and {@code operator add} leave
     * such a terminal.db), which {@code outbox list} shows as an empty list.
     */
    private static boolean checkReadable(Path file) {
        try (SqliteDatabase readOnly = ExistingDatabase.open(file, file.toString())) {
            if (!readOnly.hasTable("outbox_message")) return false;
            OutboxOperator.existing(readOnly);
            return true;
        } catch (SQLException e) {
            throw new RefusedException(CliRefusal.readingDatabase(e, file.toString()), e);
        }
    }

    private static Refusal notRetryable(OutboxOperator outbox, OutboxOperator.Summary message) throws SQLException {
        if (message.state() == MessageState.REJECTED) {
            return new Refusal(OutboxReason.REJECTED_NOT_RETRIED, message.id() + "（中心答复 " + message.resultCode() + " "
                    + OutboxCommandSupport.reason(outbox, message) + "），未做任何更改");
        }
        return new Refusal(OutboxReason.NOT_NEEDING_ATTENTION, message.id() + " 为 " + message.state() + "，未做任何更改");
    }

    private int done(List<OutboxOperator.Summary> retried) {
        ObjectNode out = OutboxCommandSupport.JSON.createObjectNode();
        ArrayNode ids = out.putArray("retried");
        ArrayNode notes = out.putArray("notes");
        for (OutboxOperator.Summary message : retried) {
            ids.add(message.id());
            if (OutboxCommandSupport.tooLarge(message)) {
                notes.add(message.id() + "：上次因报文超过消息服务器允许的大小而搁置（" + message.resultCode()
                        + "）；服务器的最大报文未调大时会再次搁置");
            }
        }
        out.put("count", retried.size());
        out.put("note", retried.isEmpty() ? "没有需要人工处理的消息" : "已放回待上传；服务运行时会自动重新上传，可用 terminal outbox list --all 查看");
        CommandStdout.println(spec, out);
        return 0;
    }
}
