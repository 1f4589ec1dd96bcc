package org.yibao.terminal.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.terminal.centre.CentreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal center stats --db FILE}: the reference centre's counters as one JSON object
 * on stdout: claims_received (deliveries, duplicates included), claims_unique, settlements,
 * reversals, rejected, unreadable. The file is opened read-only and never changed; exit 2 with
 * {@code {"term_errcode","err_msg"}} when it is not the centre's database (see {@link CentreDatabaseReport}).
 */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "以 JSON 输出参考中心的统计。")
public final class CenterStatsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--db", required = true, description = "the centre's SQLite file")
    Path db;

    @Override
    public Integer call() throws Exception {
        return CentreDatabaseReport.print(spec, db, database -> {
            CentreStats stats = CentreStats.of(ClaimStore.openExisting(database).all());
            Map<String, Long> json = new LinkedHashMap<>();
            json.put("claims_received", stats.claimsReceived());
            json.put("claims_unique", stats.claimsUnique());
            json.put("settlements", stats.settlements());
            json.put("reversals", stats.reversals());
            json.put("rejected", stats.rejected());
            json.put("unreadable", stats.unreadable());
            return json;
        });
    }
}
