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
 * {@code terminal catalog import FILE}: validates the whole catalogue TSV (plain or zipped) and
 * makes it the version in use in one transaction. Prints the import's metadata as JSON; a
 * refused file prints {@code {"term_errcode","err_msg"}}, exits 2 and leaves the old version.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"校验医保目录 TSV（或内含一个 .tsv 的 .zip），通过后整体替换正在使用的目录；有错则不改动。",
                "Validate a catalogue TSV (or .zip holding one .tsv) and replace the catalogue in use."})
public final class CatalogImportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogCommandSupport support;

    @Parameters(index = "0", paramLabel = "FILE", description = "The catalogue file (.tsv or .zip).")
    Path file;

    @Override public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try (SqliteDatabase db = support.openForWrite()) {
            var record = new CatalogStore(db, Clock.systemUTC()).importCatalog(file);
            CatalogCommandSupport.print(out, CatalogCommandSupport.json(record));
            return 0;
        } catch (RefusedException e) {
            return CatalogCommandSupport.printRefusal(spec.commandLine(), e.refusal());
        }
    }
}
