package org.yibao.drivers.printer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated, immutable printer configuration: how bytes reach the printer, how long one
 * operation may take in all, and whether to ask the printer for its real-time status
 * ({@code DLE EOT}) before printing. Status queries need a transport that reads back (TCP,
 * serial); a USB device file is write-only here.
 */
public record PrinterConfig(Transport transport, PaperWidth paper, Duration timeout, boolean queryStatus) {

    /** Shortest and longest accepted operation timeout. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(50);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    public PrinterConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("printer timeout must be " + MIN_TIMEOUT.toMillis() + ".."
                    + MAX_TIMEOUT.toMillis() + " ms, was " + timeout.toMillis() + " ms");
        }
        if (queryStatus && transport instanceof DeviceFile) {
            throw new IllegalArgumentException("status query needs tcp or serial; a device file is write-only");
        }
    }

    /**
     * How long printing a document of {@code bytes} may take in all: the timeout, plus over serial
     * the document's time on the wire at the baud rate ({@link Serial#wireTime}), which at 9600
     * baud is seconds for a long receipt and would otherwise cut it off mid-way.
     */
    public Duration deadlineFor(int bytes) {
        return transport instanceof Serial serial ? timeout.plus(serial.wireTime(bytes)) : timeout;
    }

    /** Defaults: 5 s timeout, status queried where the transport reads back. */
    public static PrinterConfig of(Transport transport, PaperWidth paper) {
        return new PrinterConfig(transport, paper, Duration.ofSeconds(5),
                transport instanceof Tcp || transport instanceof Serial);
    }

    /** How bytes reach the printer. */
    public sealed interface Transport permits Tcp, Serial, DeviceFile, Simulated {
    }

    /** A network printer, raw TCP (usually port 9100). */
    public record Tcp(String host, int port) implements Transport {
        public Tcp {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("printer host is empty");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("printer port must be 1..65535, was " + port);
        }

        @Override
        public String toString() {
            return "tcp " + host + ":" + port;
        }
    }

    /** A serial printer (or USB-serial), 8N1 without flow control, e.g. /dev/ttyUSB0. */
    public record Serial(String device, int baudRate) implements Transport {
        public Serial {
            if (device == null || device.isBlank()) throw new IllegalArgumentException("serial device is empty");
            if (baudRate < 1200 || baudRate > 921_600) {
                throw new IllegalArgumentException("baud rate must be 1200..921600, was " + baudRate);
            }
        }

        /** How long {@code bytes} take on the line: 10 bits a byte (start, 8 data, stop), rounded up to the millisecond. */
        public Duration wireTime(int bytes) {
            return Duration.ofMillis((bytes * 10_000L + baudRate - 1) / baudRate);
        }

        @Override
        public String toString() {
            return "串口 " + device + "@" + baudRate;
        }
    }

    /** A USB printer class device file, e.g. /dev/usb/lp0. */
    public record DeviceFile(Path path) implements Transport {
        public DeviceFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "USB " + path;
        }
    }

    /** The simulated printer that keeps the bytes in memory. */
    public record Simulated() implements Transport {
        @Override
        public String toString() {
            return "simulated";
        }
    }
}
