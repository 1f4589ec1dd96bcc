package org.yibao.terminal.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yibao.terminal.catalog.CatalogReason;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.SqlCatalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal catalog show CODE [--date yyyy-MM-dd]}: the catalogue row(s) of a national
 * code as JSON: every row, or the one valid on the date. Nothing found: a 11xx refusal, exit 2.
 * Reads only; never creates the database.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"按医保目录编码查看目录行（JSON）。", "Print the catalogue row(s) of a national code (医保目录编码) as JSON."})
public final class CatalogShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogCommandSupport support;

    @Parameters(index = "0", paramLabel = "CODE", description = "The national code (med_list_codg).")
    String code;

    @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "Only the row valid on this day.")
    LocalDate date;

    @Override public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (!support.databaseExists()) return notImported();
        try (Connection c = support.openForRead()) {
            if (!CatalogStore.tablesExist(c)) return notImported();
            try (SqlCatalog catalog = new SqlCatalog(c)) {
                return show(out, catalog);
            }
        }
    }

    private int show(PrintWriter out, SqlCatalog catalog) throws SQLException {
        String version = catalog.version();
        if (version.isEmpty()) return notImported();
        List<CatalogEntry> rows = date == null ? catalog.rows(code) : catalog.find(code, date).stream().toList();
        if (rows.isEmpty()) {
            return CatalogCommandSupport.printRefusal(spec.commandLine(), CatalogReason.CODE_NOT_FOUND,
                    date == null ? code : code + " 在 " + date + " 无有效记录");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("catalog_version", version);
        body.put("rows", rows.stream().map(CatalogCommandSupport::json).toList());
        CatalogCommandSupport.print(out, body);
        return 0;
    }

    private int notImported() {
        return CatalogCommandSupport.printRefusal(spec.commandLine(), CatalogReason.NOT_IMPORTED, support.databaseFile().toString());
    }
}
