package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.ExistingDatabase;
import org.yibao.terminal.store.receipt.KeptReceipt;
import org.yibao.terminal.store.receipt.ReceiptStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal receipt waiting [--data-dir DIR]}: the kept receipts that never reached the
 * printer (the printer was offline, out of paper or faulty when their settlement or reversal was
 * answered), oldest first, as one JSON object: setl_id, kind, when settled, the total and whether
 * offline; nothing personal. After a restart the cashier has no other list of what to reprint.
 * Read-only (safe while the service runs); a folder without a usable terminal.db is refused
 * (1960-1963, exit 2) and nothing is created.
 */
@Command(name = "waiting", mixinStandardHelpOptions = true,
        description = {"列出尚未打印出来的凭证（打印机离线、缺纸或故障时结算的），最早的在前；不显示个人信息。",
                "只读；服务运行时也可使用。重打：terminal receipt reprint SETL_ID。"})
public final class ReceiptWaitingCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "./data", paramLabel = "DIR",
            description = "the terminal's data folder (holds terminal.db; default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Override
    public Integer call() {
        Path file = dataDir.resolve("terminal.db");
        try (SqliteDatabase database = ExistingDatabase.open(file, file.toString())) {
            // terminal.db as provision apply / operator add leave it, before the service's first start: nothing kept yet
            List<KeptReceipt> waiting = database.hasTable("receipt_kept")
                    ? ReceiptStore.existing(database, BeijingTime.clock()).waiting() : List.of();
            CommandStdout.println(spec, report(waiting));
            return 0;
        } catch (RefusedException e) {
            return CliRefusal.print(spec.commandLine(), e.refusal());
        } catch (SQLException e) {
            return CliRefusal.print(spec.commandLine(), CliRefusal.readingDatabase(e, file.toString()));
        }
    }

    private ObjectNode report(List<KeptReceipt> waiting) {
        ObjectNode out = JSON.createObjectNode().put("waiting", waiting.size());
        ArrayNode receipts = out.putArray("receipts");
        for (KeptReceipt kept : waiting) receipts.add(json(kept.receipt()));
        if (!waiting.isEmpty()) {
            // --kind always: without it a reprint gives the latest receipt, the reversal's of a reversed settlement
            out.put("next", "重打：terminal receipt reprint SETL_ID --kind KIND --data-dir " + dataDir + "（SETL_ID、KIND 取自各条）");
        }
        return out;
    }

    private static ObjectNode json(Receipt receipt) {
        return JSON.createObjectNode().put("setl_id", receipt.setlId())
                .put("kind", receipt.kind().name().toLowerCase(Locale.ROOT))
                .put("settled_at", TIME.format(receipt.settledAt()))
                .put("total", Fen.format(receipt.totals().medfeeSumamt()))
                .put("offline", receipt.offline());
    }
}
