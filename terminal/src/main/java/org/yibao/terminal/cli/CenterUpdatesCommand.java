package org.yibao.terminal.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.provisioning.update.UpdateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal center updates --db FILE}: the last sequence of every update stream and every
 * result the devices sent ({@code {"streams":{…},"results":[{update_id,device,kind,status,term_errcode,reason,version,at}]}}).
 */
@Command(name = "updates", mixinStandardHelpOptions = true, description = "以 JSON 输出已发布的设备更新及各设备的执行结果。")
public final class CenterUpdatesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--db", required = true, description = "the centre's SQLite file")
    Path db;

    @Override
    public Integer call() throws Exception {
        return CentreDatabaseReport.print(spec, db, database -> {
            UpdateLedger ledger = UpdateLedger.openExisting(database, Clock.systemUTC());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("streams", ledger.streams());
            out.put("results", ledger.results().stream().map(UpdateResult::toNode).toList());
            return out;
        });
    }
}
