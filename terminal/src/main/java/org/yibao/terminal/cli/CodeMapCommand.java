package org.yibao.terminal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code terminal codemap}: import and show the institution's 对照 (local code to national code). */
@Command(name = "codemap", mixinStandardHelpOptions = true,
        description = {"导入或查看本机的对照表（本机编码 → 医保目录编码）。", "Import or show the 对照 code map (own code -> national code) kept in <data-dir>/terminal.db."},
        subcommands = {CodeMapImportCommand.class, CodeMapShowCommand.class})
public final class CodeMapCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
