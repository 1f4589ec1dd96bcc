package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.store.ExistingDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal outbox list --data-dir DIR [--all]}: the messages that need a person -
 * NEEDS_ATTENTION (published the most times without an answer from the centre, or larger than
 * the broker accepts, {@code E_TOO_LARGE}) and REJECTED (refused by the centre, with its code
 * and reason) - oldest first, as one JSON object: id, type, lane, state, attempts, size, when
 * created and its age, last sent, answered, result code and reason. {@code --all} adds those
 * still on their way (PENDING, SENT). Never the payload. Read-only (terminal.db is opened
 * read-only, safe while the service runs); a folder without a usable terminal.db is refused
 * (1960-1963, exit 2) and nothing is created.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"列出需要人工处理的上传消息（NEEDS_ATTENTION、REJECTED），不显示报文内容。",
                "--all 同时列出尚在上传途中的消息（PENDING、SENT）。只读；服务运行时也可使用。"})
public final class OutboxListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutboxCommandSupport.DataDir data;

    @Option(names = "--all", description = "also the messages still on their way to the centre (PENDING, SENT)")
    boolean all;

    @Override
    public Integer call() throws SQLException {
        Path file = data.database();
        try (SqliteDatabase database = ExistingDatabase.open(file, file.toString())) {
            if (!database.hasTable("outbox_message")) { // terminal.db as provision apply / operator add leave it
                CommandStdout.println(spec, OutboxCommandSupport.JSON.createObjectNode().put("needs_attention", 0).put("rejected", 0)
                        .<ObjectNode>set("messages", OutboxCommandSupport.JSON.createArrayNode())
                        .put("note", "终端服务尚未启动过：本机还没有待上传的消息"));
                return 0;
            }
            OutboxOperator outbox = OutboxOperator.existing(database);
            long[] counts = outbox.attentionCounts();
            Instant now = Instant.now();
            ObjectNode out = OutboxCommandSupport.JSON.createObjectNode();
            out.put("needs_attention", counts[0]).put("rejected", counts[1]);
            var messages = out.putArray("messages");
            for (OutboxOperator.Summary message : outbox.list(all, Integer.MAX_VALUE)) {
                messages.add(OutboxCommandSupport.json(outbox, message, now));
            }
            if (counts[0] > 0) {
                out.put("next", "重新上传：terminal outbox retry --data-dir " + data.dataDir + " (ID... | --all-needing-attention)");
            }
            if (counts[1] > 0) {
                out.put("rejected_note", "REJECTED 是中心的最终答复（result_code、result_reason），本机不重发；请按原因在中心处理");
            }
            CommandStdout.println(spec, out);
            return 0;
        } catch (RefusedException e) {
            return CliRefusal.print(spec.commandLine(), e.refusal());
        } catch (SQLException e) {
            return CliRefusal.print(spec.commandLine(), CliRefusal.readingDatabase(e, file.toString()));
        }
    }
}
