package org.yibao.terminal.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.domain.RefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal codemap import FILE}: validates the whole 对照 TSV (plain or zipped; no local
 * code mapped to two national codes on one day) and makes it the map in use in one
 * transaction. Prints the import's metadata as JSON, with {@code not_in_catalog}: up to 20
 * mapped national codes the catalogue in use lacks (they would settle as 丙类); a refused file prints
 * {@code {"term_errcode","err_msg"}}, exits 2 and leaves the old map.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"校验对照表 TSV（或内含一个 .tsv 的 .zip），通过后整体替换正在使用的对照表；有错则不改动。",
                "Validate a code-map TSV (or .zip holding one .tsv) and replace the code map in use."})
public final class CodeMapImportCommand implements Callable<Integer> {
    /** How many national codes missing from the catalogue the output lists at most. */
    static final int MISSING_SHOWN = 20;

    @Spec CommandSpec spec;
    @Mixin CatalogCommandSupport support;

    @Parameters(index = "0", paramLabel = "FILE", description = "The code-map file (.tsv or .zip).")
    Path file;

    @Override public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try (SqliteDatabase db = support.openForWrite()) {
            var store = new CatalogStore(db, Clock.systemUTC());
            var body = CatalogCommandSupport.json(store.importCodeMap(file));
            body.put("not_in_catalog", store.mappedCodesMissingFromCatalog(MISSING_SHOWN));
            CatalogCommandSupport.print(out, body);
            return 0;
        } catch (RefusedException e) {
            return CatalogCommandSupport.printRefusal(spec.commandLine(), e.refusal());
        }
    }
}
