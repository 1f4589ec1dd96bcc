package org.yibao.terminal.receipt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code terminal printer ...}: check a receipt printer, print a test receipt, decode captured bytes. */
@Command(name = "printer", mixinStandardHelpOptions = true,
        description = {"小票打印机：查询状态、打印测试小票、解读截获的 ESC/POS 字节。", "Receipt printer: status, test print, decode captured ESC/POS bytes."},
        subcommands = {PrinterStatusCommand.class, PrinterTestCommand.class, PrinterDecodeCommand.class})
public final class PrinterCommand implements Runnable {
    /** Exit code when the printer is not ready or the print failed. */
    static final int NOT_PRINTED = 3;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
