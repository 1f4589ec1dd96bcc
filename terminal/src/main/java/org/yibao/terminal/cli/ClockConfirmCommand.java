package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.clock.ClockFloor;
import org.yibao.terminal.store.ExistingDatabase;
import org.yibao.terminal.store.clock.ClockConfirmation;
import org.yibao.terminal.store.clock.ClockConfirmations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code terminal clock confirm --data-dir DIR}: the technician has checked that the system time is
 * right, and the records that say it is behind were written while the clock ran ahead; from now on
 * they no longer hold transactions back (the running service reads the confirmation at its next
 * check). A clock before this program's release is never confirmed (1376): set it first.
 */
@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = {"技术人员确认系统时间正确：此前因时钟超前而写下的记录不再使交易暂停（服务运行时也可使用）。",
                "先用 timedatectl 核对时间。Exit 0 done, 2 refused (1376, 1960-1963)."})
public final class ClockConfirmCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutboxCommandSupport.DataDir data;

    @Override
    public Integer call() {
        Path file = data.database();
        Instant now = Instant.now();
        if (now.isBefore(ClockFloor.RELEASED)) {
            return CliRefusal.print(spec.commandLine(), new Refusal(FlowReason.CLOCK_BEHIND,
                    "系统时间早于本程序的发布时间，不能确认，请先校准系统时间"));
        }
        try {
            ClockCommandSupport.Evidence before = readExisting(file);
            try (SqliteDatabase database = SqliteDatabase.open(file, BeijingTime.clock())) {
                Instant ignored = before.newestRecord().filter(t -> t.isAfter(now)).orElse(now);
                ClockConfirmations.open(database).record(new ClockConfirmation(now, ignored));
                ObjectNode out = ClockCommandSupport.json(now, ClockCommandSupport.read(database));
                out.put("ignored_up_to", ClockCommandSupport.local(ignored, BeijingTime.ZONE));
                out.put("note", "已确认本机时间；此前写下的、时间晚于现在的记录不再使交易暂停");
                CommandStdout.println(spec, out);
                return 0;
            }
        } catch (RefusedException e) {
            return CliRefusal.print(spec.commandLine(), e.refusal());
        } catch (SQLException | RuntimeException e) {
            return OperatorCommandSupport.failed(spec.commandLine(), e);
        }
    }

    /** The evidence, read without creating or setting aside anything: a folder without the terminal's database is refused. */
    private static ClockCommandSupport.Evidence readExisting(Path file) {
        try (SqliteDatabase readOnly = ExistingDatabase.open(file, file.toString())) {
            return ClockCommandSupport.read(readOnly);
        } catch (SQLException e) {
            throw new RefusedException(CliRefusal.readingDatabase(e, file.toString()), e);
        }
    }
}
