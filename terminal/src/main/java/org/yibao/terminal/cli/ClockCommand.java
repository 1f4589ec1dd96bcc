package org.yibao.terminal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code terminal clock}: whether the terminal trusts its clock for transactions ({@code status})
 * and a technician's confirmation that it is right ({@code confirm}), for a box whose clock was
 * reset or ran ahead (see {@link org.yibao.terminal.flow.clock.ClockFloor}). Safe while the
 * service runs.
 */
@Command(name = "clock", mixinStandardHelpOptions = true,
        description = "查看本机时钟是否可信（1376 时暂停办理交易），技术人员确认时间正确后解除。",
        subcommands = {ClockStatusCommand.class, ClockConfirmCommand.class})
public final class ClockCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
