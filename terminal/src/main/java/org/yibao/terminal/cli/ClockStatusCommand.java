package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.store.ExistingDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code terminal clock status --data-dir DIR}: the system time, the newest claim's time, the last
 * confirmation and whether the service would hold transactions back (1376), as JSON. Exit 0 when
 * the clock is trusted, 2 when it is not. Reads only; never creates the database.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"显示本机时间、最后一笔记录的时间和上次确认，以及交易是否因时钟不可信而暂停（1376）。",
                "Exit 0 时钟可信, 2 不可信或数据库不可用 (1376, 1960-1963)."})
public final class ClockStatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutboxCommandSupport.DataDir data;

    @Override
    public Integer call() {
        Path file = data.database();
        try (SqliteDatabase database = ExistingDatabase.open(file, file.toString())) {
            ObjectNode out = ClockCommandSupport.json(Instant.now(), ClockCommandSupport.read(database));
            if (!out.get("trusted").asBoolean()) {
                out.put("next", "校准系统时间（timedatectl / NTP）后再查看；若系统时间确实正确而记录的时间超前："
                        + "terminal clock confirm --data-dir " + data.dataDir);
            }
            CommandStdout.println(spec, out);
            return out.get("trusted").asBoolean() ? 0 : CliRefusal.EXIT_REFUSED;
        } catch (RefusedException e) {
            return CliRefusal.print(spec.commandLine(), e.refusal());
        } catch (SQLException e) {
            return CliRefusal.print(spec.commandLine(), CliRefusal.readingDatabase(e, file.toString()));
        }
    }
}
