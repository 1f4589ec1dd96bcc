package org.yibao.terminal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code terminal catalog}: import and show the national catalogue (医保目录). */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"导入或查看本机的医保目录（<data-dir>/terminal.db）。", "Import or show the national catalogue (医保目录) kept in <data-dir>/terminal.db."},
        subcommands = {CatalogImportCommand.class, CatalogShowCommand.class})
public final class CatalogCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
