package org.yibao.provisioning.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sealed configuration of a provisioned device: who it is, where it uplinks, which devices
 * it drives, its local API, limits, whether it is a counter's or a kiosk's terminal, retention,
 * the versions it must fetch, how it verifies e-vouchers and its data folder.
 * Instances are only made by {@link DeviceConfigJson} (or {@link ConfigRules#seal}) after every
 * field has been validated, and are deeply immutable; the few settings that may change while
 * the terminal runs are read through {@link RuntimeSettings}, never by mutating this.
 * Relative paths are kept as written; {@link #resolve(Path)} resolves them against the data dir.
 */
public record DeviceConfig(String deviceId, Institution institution, Uplink uplink, Devices devices, Api api,
                           OfflineLimits offline, KioskLimits kiosk, Mode mode, Retention retention,
                           Versions versions, Voucher voucher, Path dataDir) {

    /** The designated institution (定点机构) the device serves. */
    public record Institution(String fixmedinsCode, String fixmedinsName, String admdvs, String hospLv) {
    }

    /** MQTT v5 brokers (tried in order) and the TLS files: CA, client certificate, client key. */
    public record Uplink(List<String> brokers, Optional<Tls> tls) {
        public Uplink {
            brokers = List.copyOf(brokers);
        }
    }

    /** TLS material paths (PEM). */
    public record Tls(Path caCert, Path clientCert, Path clientKey) {
    }

    /** The peripherals. */
    public record Devices(CardReader cardReader, Scanner scanner, Printer printer, Gpio gpio) {
    }

    /** The card reader: a PC/SC reader whose name matches a pattern, or the simulated one. */
    public sealed interface CardReader permits CardReader.Pcsc, CardReader.Simulated {
        /** A PC/SC reader whose name matches {@code namePattern} (a Java regex). */
        record Pcsc(String namePattern) implements CardReader {
        }

        /** The simulated reader. */
        record Simulated() implements CardReader {
        }
    }

    /** The QR scanner: a serial port (with frame prefix and charset), or the simulated one. */
    public sealed interface Scanner permits Scanner.Serial, Scanner.Simulated {
        /** A serial scanner. */
        record Serial(String port, String prefix, String charset) implements Scanner {
        }

        /** The simulated scanner. */
        record Simulated() implements Scanner {
        }
    }

    /** Printer link kinds. */
    public enum PrinterKind { SERIAL, USB, TCP, SIMULATED }

    /** The receipt printer: kind, address (device path or host:port; empty when simulated), paper 58 or 80 mm. */
    public record Printer(PrinterKind kind, String address, int paperWidthMm) {
    }

    /** GPIO: BCM pins by output name (led_green, led_red, buzzer, button), or simulated. */
    public sealed interface Gpio permits Gpio.Pins, Gpio.Simulated {
        /** Real pins. */
        record Pins(Map<String, Integer> pins) implements Gpio {
            public Pins {
                pins = Map.copyOf(pins);
            }
        }

        /** Simulated indicators. */
        record Simulated() implements Gpio {
        }
    }

    /** The local API: bind address, port, and the SHA-256 (hex) of the API key. */
    public record Api(String bind, int port, String apiKeySha256) {
    }

    /** Offline backpressure: how long, how many unacked claims and how many bytes before fund payments are refused. */
    public record OfflineLimits(int maxOfflineHours, int maxBacklogCount, long maxBacklogBytes) {
    }

    /** What a kiosk may do without a cashier: the largest settlement (fen) and whether the personal account may pay. */
    public record KioskLimits(long maxFenPerSettlement, boolean accountAllowed) {
    }

    /**
     * What the box is (top-level {@code mode}): a counter's terminal, which takes each request as
     * its envelope's {@code opter_type} says (the default, also when the key is absent), or a
     * self-service kiosk's, which takes the transactions that identify a person or move money
     * only as a kiosk's ({@code opter_type} 2), so the kiosk's limits always apply.
     */
    public enum Mode {
        COUNTER("counter"),
        KIOSK("kiosk");

        private final String code;

        Mode(String code) {
            this.code = code;
        }

        /** The value as the configuration writes it. */
        public String code() {
            return code;
        }

        /** The mode written {@code code}, or empty when it is neither value. */
        public static Optional<Mode> ofCode(String code) {
            for (Mode mode : values()) {
                if (mode.code.equals(code)) return Optional.of(mode);
            }
            return Optional.empty();
        }
    }

    /**
     * How long acknowledged claims, kept receipts and persons' data stay (days). {@code personDays}
     * is null when the configuration does not name it (the terminal's default applies, and the
     * written {@code config.json} leaves it out, as configurations made before it did).
     */
    public record Retention(int ackedClaimDays, int receiptDays, Integer personDays) {
        /** Without {@code person_days}. */
        public Retention(int ackedClaimDays, int receiptDays) {
            this(ackedClaimDays, receiptDays, null);
        }
    }

    /** The versions of policy, catalogue and voucher trust file the device must fetch or hold. */
    public record Versions(String policy, String catalog, String trust) {
    }

    /**
     * E-voucher verification: the clock skew in seconds tolerated on a voucher's {@code iat} and
     * {@code exp} (spec evoucher-and-card.md §1 step 3), 0-3600. Read when the service starts.
     */
    public record Voucher(int skewSeconds) {
        /** The spec's default, 30 s: what a configuration without a {@code voucher} section means. */
        public static final Voucher DEFAULT = new Voucher(30);

        /** The skew as a duration. */
        public Duration skew() {
            return Duration.ofSeconds(skewSeconds);
        }
    }

    public DeviceConfig {
        List<Problem> problems = ConfigRules.check(deviceId, institution, uplink, devices, api, offline, kiosk, mode,
                retention, versions, voucher, dataDir);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("unvalidated DeviceConfig: " + problems.getFirst().text());
        }
    }

    /** This configuration for the data folder {@code folder} (the same folder found elsewhere). */
    public DeviceConfig withDataDir(Path folder) {
        return new DeviceConfig(deviceId, institution, uplink, devices, api, offline, kiosk, mode, retention, versions, voucher, folder);
    }

    /** {@code path} resolved against the data dir when relative. */
    public Path resolve(Path path) {
        return dataDir.resolve(Objects.requireNonNull(path, "path"));
    }
}
