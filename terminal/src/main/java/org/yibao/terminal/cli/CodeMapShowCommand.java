package org.yibao.terminal.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yibao.terminal.catalog.CatalogReason;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.CodeMapRow;
import org.yibao.terminal.catalog.SqlCodeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal codemap show LOCALCODE [--date yyyy-MM-dd]}: the mapping(s) of a local code
 * as JSON. Nothing found: a 11xx refusal, exit 2. Reads only.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"按本机编码（fixmedins_hilist_id）查看对照关系（JSON）。", "Print the 对照 mapping(s) of a local code (fixmedins_hilist_id) as JSON."})
public final class CodeMapShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogCommandSupport support;

    @Parameters(index = "0", paramLabel = "LOCALCODE", description = "The institution's own code.")
    String localCode;

    @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "Only the mapping valid on this day.")
    LocalDate date;

    @Override public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (!support.databaseExists()) return notImported();
        try (Connection c = support.openForRead()) {
            if (!CatalogStore.tablesExist(c)) return notImported();
            try (SqlCodeMap codes = new SqlCodeMap(c)) {
                return show(out, codes);
            }
        }
    }

    private int show(PrintWriter out, SqlCodeMap codes) {
        String version = codes.version();
        if (version.isEmpty()) return notImported();
        List<CodeMapRow> rows = codes.rows(localCode);
        if (date != null) rows = rows.stream().filter(r -> r.validOn(date)).toList();
        if (rows.isEmpty()) {
            return CatalogCommandSupport.printRefusal(spec.commandLine(), CatalogReason.LOCAL_CODE_NOT_MAPPED,
                    date == null ? localCode : localCode + " 在 " + date + " 无有效对照");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codemap_version", version);
        body.put("rows", rows.stream().map(CatalogCommandSupport::json).toList());
        CatalogCommandSupport.print(out, body);
        return 0;
    }

    private int notImported() {
        return CatalogCommandSupport.printRefusal(spec.commandLine(), CatalogReason.CODEMAP_NOT_IMPORTED, support.databaseFile().toString());
    }
}
