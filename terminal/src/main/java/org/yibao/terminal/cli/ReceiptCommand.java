package org.yibao.terminal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code terminal receipt}: receipts kept for reprint in {@code <data-dir>/terminal.db}. */
@Command(name = "receipt", mixinStandardHelpOptions = true,
        description = {"本机保存的小票：重打、列出未打印的小票（打印机故障不会撤销结算）。", "Receipts kept for reprint (a printer fault never undoes a settlement)."},
        subcommands = {CommandLine.HelpCommand.class, ReceiptReprintCommand.class, ReceiptWaitingCommand.class})
public final class ReceiptCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
