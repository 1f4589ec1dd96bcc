package org.yibao.terminal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code terminal policy}: checks a policy file before a technician puts it in use. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "检查政策文件（YAML）：先检查，再在配置文件的 policy: 中使用。",
        subcommands = {PolicyCheckCommand.class})
public final class PolicyCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
