package org.yibao.terminal.receipt.cli;

import org.yibao.drivers.printer.PrinterConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;

/**
 * The printer options (exactly one of --tcp/--serial/--usb/--simulated, --baud, --paper,
 * --timeout-ms, --no-status) for any command that prints: add it with {@code @Mixin}.
 */
public final class PrinterTargetMixin {
    @ArgGroup(exclusive = false, multiplicity = "1")
    PrinterTarget options;

    /** The validated printer configuration; a bad option is a picocli parameter error. */
    public PrinterConfig config(CommandLine cmd) {
        return options.config(cmd);
    }
}
