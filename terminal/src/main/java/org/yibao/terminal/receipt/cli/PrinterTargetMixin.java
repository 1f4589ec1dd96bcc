package org.yibao.terminal.receipt.cli;

import java.util.Optional;
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

    /**
     * The same options for a command that may leave them out and print on the configured printer
     * ({@code receipt reprint}): empty when none was given.
     */
    public static final class IfGiven {
        @ArgGroup(exclusive = false, multiplicity = "0..1")
        PrinterTarget options;

        /** The validated printer configuration, or empty when no printer option was given. */
        public Optional<PrinterConfig> config(CommandLine cmd) {
            return options == null ? Optional.empty() : Optional.of(options.config(cmd));
        }
    }
}
