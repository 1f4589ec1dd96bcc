package org.yibao.terminal.devices;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardReaders;
import org.yibao.drivers.indicator.ExecutorScheduler;
import org.yibao.drivers.indicator.IndicatorConfig;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.indicator.Output;
import org.yibao.drivers.indicator.Pi4jIndicators;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrinterConfig;
import org.yibao.drivers.printer.Printers;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.scanner.CodeScannerPort;
import org.yibao.drivers.scanner.CodeScanners;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.provisioning.config.DeviceConfig;

/**
 * Makes the devices a configuration names, the one place both {@code run} and {@code selftest}
 * get them from: a PC/SC card reader by name pattern, a serial scanner (path, prefix, charset),
 * an ESC/POS printer over serial (9600 8N1), a USB printer device file or raw TCP (port 9100 when
 * none is given) with the paper width, and Pi4J indicators on the configured BCM pins (the
 * button active low, 20 ms debounce); or each one's simulated twin where configured. Nothing is
 * opened here except the GPIO (Pi4J claims pins at creation); a device that cannot be made is a
 * {@link DeviceSlot.Failed} with why, never an exception.
 */
public final class DeviceFactory {
    /** Serial printers without a configured speed run at this. */
    public static final int PRINTER_BAUD = 9600;
    /** Raw TCP printing port when the address has none. */
    public static final int PRINTER_TCP_PORT = 9100;

    /** The GPIO character device; when a pin cannot be claimed and it is absent, the machine has no GPIO. */
    static final Path GPIO_CHIP = Path.of("/dev/gpiochip0");
    private static final Logger LOG = LoggerFactory.getLogger(DeviceFactory.class);

    private DeviceFactory() {
    }

    /** The devices of {@code config}; close the result to release them. */
    public static ConfiguredDevices make(DeviceConfig.Devices config) {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        return new ConfiguredDevices(cardReader(config.cardReader()), scanner(config.scanner()),
                printer(config.printer()), indicators(config.gpio(), scheduler), scheduler);
    }

    static DeviceSlot<CardReaderPort> cardReader(DeviceConfig.CardReader reader) {
        return switch (reader) {
            case DeviceConfig.CardReader.Simulated s ->
                    new DeviceSlot.Simulated<>(CardReaders.open(CardReaderConfig.of(CardReaderConfig.SIMULATED, "")));
            case DeviceConfig.CardReader.Pcsc(String pattern) -> made(() -> {
                try {
                    Pattern.compile(pattern == null ? "" : pattern);
                } catch (PatternSyntaxException e) {
                    throw new Unusable("名称模式 " + pattern + " 不是有效的正则表达式");
                }
                return new DeviceSlot.Real<>(CardReaders.open(CardReaderConfig.of(CardReaderConfig.PCSC, pattern)), "PC/SC /" + pattern + "/");
            }, "读卡器", "PC/SC /" + pattern + "/", () -> "PC/SC 服务不可用或读卡器不存在");
        };
    }

    static DeviceSlot<CodeScannerPort> scanner(DeviceConfig.Scanner scanner) {
        return switch (scanner) {
            case DeviceConfig.Scanner.Simulated s -> new DeviceSlot.Simulated<>(
                    CodeScanners.create(ScannerConfig.of(ScannerConfig.SIMULATED, null, java.nio.charset.StandardCharsets.UTF_8, "")));
            case DeviceConfig.Scanner.Serial(String port, String prefix, String charset) -> made(() -> new DeviceSlot.Real<>(
                    CodeScanners.create(ScannerConfig.of(ScannerConfig.SERIAL, port, charset(charset), prefix)), "serial " + port),
                    "扫描器", "串口 " + port, () -> "设备不存在或被占用");
        };
    }

    static DeviceSlot<ReceiptPrinter> printer(DeviceConfig.Printer printer) {
        PaperWidth paper = paper(printer);
        if (printer.kind() == DeviceConfig.PrinterKind.SIMULATED) {
            return new DeviceSlot.Simulated<>(Printers.open(PrinterConfig.of(new PrinterConfig.Simulated(), paper)));
        }
        return made(() -> {
            PrinterConfig.Transport transport = transport(printer);
            return new DeviceSlot.Real<>(Printers.open(PrinterConfig.of(transport, paper)), transport + " " + printer.paperWidthMm() + "mm");
        }, "打印机", printerName(printer), () -> "设备不存在或被占用");
    }

    /**
     * The configured printer as {@code receipt reprint} opens it when given no printer option;
     * {@link IllegalArgumentException} with the reason when the configuration cannot name one.
     */
    public static PrinterConfig printerConfig(DeviceConfig.Printer printer) {
        try {
            return PrinterConfig.of(transport(printer), paper(printer));
        } catch (Unusable e) {
            throw new IllegalArgumentException(printerName(printer) + "：" + e.getMessage(), e);
        }
    }

    private static PaperWidth paper(DeviceConfig.Printer printer) {
        return printer.paperWidthMm() == 58 ? PaperWidth.MM58 : PaperWidth.MM80;
    }

    private static PrinterConfig.Transport transport(DeviceConfig.Printer printer) {
        String address = printer.address();
        if (address.isBlank() && printer.kind() != DeviceConfig.PrinterKind.SIMULATED) throw new Unusable("未配置设备路径（devices.printer.address）");
        return switch (printer.kind()) {
            case SERIAL -> new PrinterConfig.Serial(address, PRINTER_BAUD);
            case USB -> {
                try {
                    yield new PrinterConfig.DeviceFile(Path.of(address));
                } catch (InvalidPathException e) {
                    throw new Unusable("设备路径 " + address + " 无效");
                }
            }
            case TCP -> {
                int colon = address.lastIndexOf(':');
                yield colon < 0 ? new PrinterConfig.Tcp(address, PRINTER_TCP_PORT)
                        : new PrinterConfig.Tcp(address.substring(0, colon), tcpPort(address.substring(colon + 1)));
            }
            case SIMULATED -> new PrinterConfig.Simulated();
        };
    }

    /** The printer as a technician names it: {@code tcp 10.0.0.5:9100}, {@code 串口 /dev/ttyUSB0}, {@code USB /dev/usb/lp0}. */
    private static String printerName(DeviceConfig.Printer printer) {
        String kind = switch (printer.kind()) {
            case SERIAL -> "串口";
            case USB -> "USB";
            case TCP -> "tcp";
            case SIMULATED -> "模拟";
        };
        return printer.address().isBlank() ? kind : kind + " " + printer.address();
    }

    private static int tcpPort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Unusable("端口 " + text + " 不是 1 至 65535 的数字");
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new Unusable("字符集 " + name + " 不受支持");
        }
    }

    static DeviceSlot<Indicators> indicators(DeviceConfig.Gpio gpio, ExecutorScheduler scheduler) {
        return switch (gpio) {
            case DeviceConfig.Gpio.Simulated s -> new DeviceSlot.Simulated<>(SimulatedIndicators.realTime());
            case DeviceConfig.Gpio.Pins(Map<String, Integer> pins) -> made(() -> new DeviceSlot.Real<>(
                    Pi4jIndicators.onDevice(indicatorConfig(pins), scheduler), "GPIO " + pins), "指示灯/蜂鸣器", "GPIO " + new TreeMap<>(pins),
                    () -> gpioCause(Files.exists(GPIO_CHIP), Pi4jIndicators::boardSupported));
        };
    }

    /** Why GPIO pins could not be made, for the technician: no chip, a board Pi4J's gpiod does not drive, or the pins themselves. */
    static String gpioCause(boolean chipPresent, BooleanSupplier raspberryPi) {
        if (!chipPresent) return "本机没有 GPIO 设备（" + GPIO_CHIP + " 不存在）";
        if (!raspberryPi.getAsBoolean()) return "本机主板不是树莓派，Pi4J 的 gpiod 驱动只支持树莓派类主板（可改用 gpio: simulated）";
        return "引脚不存在、被占用或无权限";
    }

    /** The Pi4J wiring for the configured pins (outputs active high, off in the safe state). */
    static IndicatorConfig indicatorConfig(Map<String, Integer> pins) {
        Map<Output, IndicatorConfig.OutputPin> outputs = new EnumMap<>(Output.class);
        Optional.ofNullable(pins.get("led_green")).ifPresent(p -> outputs.put(Output.GREEN_LED, new IndicatorConfig.OutputPin(p, true, false)));
        Optional.ofNullable(pins.get("led_red")).ifPresent(p -> outputs.put(Output.RED_LED, new IndicatorConfig.OutputPin(p, true, false)));
        Optional.ofNullable(pins.get("buzzer")).ifPresent(p -> outputs.put(Output.BUZZER, new IndicatorConfig.OutputPin(p, true, false)));
        return new IndicatorConfig(outputs, Optional.ofNullable(pins.get("button"))
                .map(p -> new IndicatorConfig.ButtonPin(p, true, Duration.ofMillis(20))));
    }

    private interface Maker<T> {
        DeviceSlot<T> make();
    }

    /**
     * {@code maker}'s slot, or a {@link DeviceSlot.Failed} naming the device ({@code what} and
     * {@code device}) and what is wrong, in Chinese: an {@link Unusable}'s own text, else
     * {@code otherwise}, the likely cause for that kind of device. The driver's exception (English,
     * for a developer) goes to the log only: its text at WARN, its stack at DEBUG.
     */
    private static <T> DeviceSlot<T> made(Maker<T> maker, String what, String device, Supplier<String> otherwise) {
        try {
            return maker.make();
        } catch (Unusable e) {
            return new DeviceSlot.Failed<>(what + "无法初始化：" + device + "：" + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} {} cannot be made: {}", what, device, e.toString()); // one line: selftest's stderr is a technician's screen
            LOG.debug("{} {} cannot be made", what, device, e);
            String why = e instanceof LinkageError ? "缺少驱动库（请检查安装）" : otherwise.get();
            return new DeviceSlot.Failed<>(what + "无法初始化：" + device + "：" + why);
        }
    }

    /** A configured device that cannot be made, with why in Chinese. */
    private static final class Unusable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unusable(String why) {
            super(why, null, false, false);
        }
    }
}
