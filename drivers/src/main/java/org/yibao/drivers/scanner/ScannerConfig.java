package org.yibao.drivers.scanner;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated, immutable scanner settings.
 *
 * @param driver         {@code "serial"} or {@code "simulated"}
 * @param portPath       the device path (a /dev/serial/by-id name on a device, a pty in tests)
 * @param baudRate       line speed (ptys ignore it)
 * @param charset        how the scanner encodes text: UTF-8 or GBK
 * @param prefix         a configured prefix the scanner adds before the data ("" for none)
 * @param maxFrameBytes  longer frames are dropped as noise
 * @param reconnectMin   first reopen delay after an unplug
 * @param reconnectMax   the cap of the exponential reopen backoff
 * @param frameGap       bytes left this long without a terminator are dropped (see {@link ScanFramer})
 */
public record ScannerConfig(String driver, String portPath, int baudRate, Charset charset, String prefix,
                            int maxFrameBytes, Duration reconnectMin, Duration reconnectMax, Duration frameGap) {
    /** A scanner sends a code in one burst; half a second of silence inside one means it was cut off. */
    public static final Duration FRAME_GAP = Duration.ofMillis(500);

    public static final String SERIAL = "serial";
    public static final String SIMULATED = "simulated";

    public ScannerConfig {
        Objects.requireNonNull(driver, "driver");
        if (!driver.equals(SERIAL) && !driver.equals(SIMULATED)) {
            throw new IllegalArgumentException("scanner driver must be serial or simulated, not " + driver);
        }
        if (driver.equals(SERIAL) && (portPath == null || portPath.isBlank())) {
            throw new IllegalArgumentException("a serial scanner needs a port path");
        }
        Objects.requireNonNull(charset, "charset");
        prefix = prefix == null ? "" : prefix;
        if (baudRate <= 0 || maxFrameBytes < 16 || maxFrameBytes > 1 << 20) {
            throw new IllegalArgumentException("baud rate must be positive and max frame 16..1048576 bytes");
        }
        if (reconnectMin == null || reconnectMax == null || reconnectMin.isNegative() || reconnectMin.isZero()
                || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect backoff must satisfy 0 < min <= max");
        }
        if (frameGap == null || frameGap.isNegative()) {
            throw new IllegalArgumentException("frame gap must be zero (none) or positive");
        }
    }

    /** Settings with the default {@link #FRAME_GAP}. */
    public ScannerConfig(String driver, String portPath, int baudRate, Charset charset, String prefix,
                         int maxFrameBytes, Duration reconnectMin, Duration reconnectMax) {
        this(driver, portPath, baudRate, charset, prefix, maxFrameBytes, reconnectMin, reconnectMax, FRAME_GAP);
    }

    /** Defaults: 9600 baud, 4096-byte frames, reopen after 200 ms doubling up to 5 s, a 500 ms frame gap. */
    public static ScannerConfig of(String driver, String portPath, Charset charset, String prefix) {
        return new ScannerConfig(driver, portPath, 9600, charset, prefix, 4096,
                Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** The framer settings of this scanner. */
    public ScanFramer newFramer() {
        return new ScanFramer(charset, prefix, maxFrameBytes, frameGap);
    }
}
