package org.yibao.terminal.receipt.cli;

import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrinterConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The printer options shared by the printer subcommands: exactly one transport, paper, timeout. */
final class PrinterTarget {

    static final class Transport {
        @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "network printer, raw TCP (usually port 9100)")
        String tcp;

        @Option(names = "--serial", paramLabel = "DEVICE", description = "serial printer, e.g. /dev/ttyUSB0")
        String serial;

        @Option(names = "--usb", paramLabel = "PATH", description = "USB printer device file, e.g. /dev/usb/lp0")
        Path usb;

        @Option(names = "--simulated", description = "the simulated printer: prints the decoded receipt to stdout")
        boolean simulated;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Transport transport;

    @Option(names = "--baud", paramLabel = "N", defaultValue = "9600", description = "serial speed (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--paper", paramLabel = "58|80", defaultValue = "58", description = "paper width in mm (default: ${DEFAULT-VALUE})")
    int paper;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "longest time one operation may take (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--no-status", description = "do not ask the printer for its status (DLE EOT) before printing")
    boolean noStatus;

    /** The validated configuration; a bad option is a picocli parameter error (exit 2). */
    PrinterConfig config(CommandLine cmd) {
        try {
            PrinterConfig.Transport t = transport();
            boolean query = !noStatus && (t instanceof PrinterConfig.Tcp || t instanceof PrinterConfig.Serial);
            return new PrinterConfig(t, paperWidth(cmd), Duration.ofMillis(timeoutMs), query);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    PaperWidth paperWidth(CommandLine cmd) {
        return switch (paper) {
            case 58 -> PaperWidth.MM58;
            case 80 -> PaperWidth.MM80;
            default -> throw new CommandLine.ParameterException(cmd, "--paper must be 58 or 80, was " + paper);
        };
    }

    private PrinterConfig.Transport transport() {
        if (transport.simulated) return new PrinterConfig.Simulated();
        if (transport.usb != null) return new PrinterConfig.DeviceFile(transport.usb);
        if (transport.serial != null) return new PrinterConfig.Serial(transport.serial, baud);
        int colon = transport.tcp.lastIndexOf(':');
        if (colon <= 0) return new PrinterConfig.Tcp(transport.tcp, 9100);
        try {
            return new PrinterConfig.Tcp(transport.tcp.substring(0, colon), Integer.parseInt(transport.tcp.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tcp port is not a number: " + transport.tcp);
        }
    }
}
