package org.yibao.terminal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code terminal scanner ...}: the QR / barcode scanner on a serial port. */
@Command(name = "scanner", mixinStandardHelpOptions = true,
        description = {"串口扫码器：listen 每扫一次输出一行。", "QR / barcode scanner on a serial port: listen prints each scan as a line."},
        subcommands = {ScannerListenCommand.class})
public final class ScannerCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
