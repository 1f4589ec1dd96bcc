package org.yibao.drivers.printer;

import org.yibao.drivers.printer.internal.DeviceFileLink;
import org.yibao.drivers.printer.internal.PrinterLink;
import org.yibao.drivers.printer.internal.SerialLink;
import org.yibao.drivers.printer.internal.TcpLink;

import java.util.function.Supplier;

/** Finds the printer a configuration names: the real adapter or the simulated twin. */
public final class Printers {
    private Printers() {
    }

    /** The printer for {@code config}; nothing is opened until the first operation. */
    public static ReceiptPrinter open(PrinterConfig config) {
        if (config.transport() instanceof PrinterConfig.Simulated) {
            return new SimulatedPrinter(config.paper());
        }
        return new EscPosPrinter(config, links(config));
    }

    private static Supplier<PrinterLink> links(PrinterConfig config) {
        return switch (config.transport()) {
            case PrinterConfig.Tcp t -> () -> new TcpLink(t.host(), t.port(), config.timeout());
            case PrinterConfig.Serial s -> () -> new SerialLink(s.device(), s.baudRate(), config.timeout());
            case PrinterConfig.DeviceFile d -> () -> new DeviceFileLink(d.path());
            case PrinterConfig.Simulated s -> throw new IllegalStateException("simulated has no link");
        };
    }
}
