package org.yibao.terminal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code terminal card ...}: the 社会保障卡 on the PC/SC reader. */
@Command(name = "card", mixinStandardHelpOptions = true,
        description = {"读卡器上的社会保障卡：read 读卡并输出身份信息 JSON。", "社会保障卡 on the PC/SC reader: read prints the card's identity JSON."},
        subcommands = {CardReadCommand.class})
public final class CardCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
