package org.yibao.provisioning.selftest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.scanner.CodeScannerPort;
import org.yibao.drivers.scanner.ScannerState;

/**
 * The device checks, one per part the configuration names, written against the drivers' ports:
 * reader present and a card read, scanner port open and a scan received, a printed test page,
 * the LED/buzzer cycle and a button press. A part that is not configured or simulated is SKIP;
 * one that could not be opened is FAIL with why.
 */
public final class DeviceChecks {
    private DeviceChecks() {
    }

    /**
     * One configured part as the self-test sees it: present (checked), skipped (not configured,
     * or simulated: nothing real to check) or broken (configured, but could not even be opened).
     */
    public sealed interface Part<T> permits Part.Present, Part.Skipped, Part.Broken {
        /** A real device to check. */
        record Present<T>(T port) implements Part<T> {
        }

        /** Nothing to check, and why. */
        record Skipped<T>(String why) implements Part<T> {
        }

        /** Configured but unusable, and why (a FAIL). */
        record Broken<T>(String why) implements Part<T> {
        }
    }

    /** The devices to check. */
    public record Devices(Part<CardReaderPort> cardReader, Part<CodeScannerPort> scanner, Part<ReceiptPrinter> printer,
                          Part<Indicators> indicators) {
        /** No device configured: every device check is SKIP. */
        public static Devices none() {
            Part.Skipped<Object> none = new Part.Skipped<>("配置未指定该设备");
            return new Devices(cast(none), cast(none), cast(none), cast(none));
        }

        @SuppressWarnings("unchecked")
        private static <T> Part<T> cast(Part.Skipped<Object> part) {
            return (Part<T>) (Part<?>) part;
        }
    }

    /** How long the scanner may take to open its port before the port check fails. */
    public static final Duration SCANNER_OPEN_WAIT = Duration.ofSeconds(3);

    /** The checks for {@code devices}, waiting at most {@code personTimeout} for a person. */
    public static List<Check> of(Devices devices, Duration personTimeout) {
        List<Check> checks = new ArrayList<>();
        switch (devices.cardReader()) {
            case Part.Present<CardReaderPort>(CardReaderPort reader) -> {
                checks.add(new ReaderPresent(reader));
                checks.add(new CardRead(reader, personTimeout));
            }
            default -> checks.add(notChecked("card-reader", devices.cardReader()));
        }
        switch (devices.scanner()) {
            case Part.Present<CodeScannerPort>(CodeScannerPort scanner) -> {
                ScannerProbe probe = new ScannerProbe(scanner);
                checks.add(new ScannerPortOpen(probe, SCANNER_OPEN_WAIT));
                checks.add(new ScanReceived(probe, personTimeout));
            }
            default -> checks.add(notChecked("scanner", devices.scanner()));
        }
        switch (devices.printer()) {
            case Part.Present<ReceiptPrinter>(ReceiptPrinter printer) -> checks.add(new TestPage(printer));
            default -> checks.add(notChecked("printer", devices.printer()));
        }
        switch (devices.indicators()) {
            case Part.Present<Indicators>(Indicators indicators) -> {
                checks.add(new SignalCycle(indicators));
                checks.add(new ButtonPress(indicators, personTimeout));
            }
            default -> checks.add(notChecked("led-buzzer", devices.indicators()));
        }
        return checks;
    }

    /** Why the printer check of a remote self-test prints nothing. */
    public static final String NO_TEST_PAGE = "远程自检只查打印机状态，不打印测试页";
    /** Why a remote self-test leaves the LED and buzzer alone. */
    public static final String NO_SIGNAL_CYCLE = "远程自检不循环指示灯和蜂鸣器，以免打扰正在办理的业务";

    /**
     * The checks a running service can make on the devices it is using, without a person and
     * without disturbing the counter (a self-test the centre asked for): the reader is listed,
     * the scanner's port state is read (it is not opened a second time: the service holds it),
     * the printer's status is asked (no test page is printed on a real printer), and the LED /
     * buzzer are not cycled (SKIP, with why).
     */
    public static List<Check> whileServing(Devices devices) {
        List<Check> checks = new ArrayList<>();
        switch (devices.cardReader()) {
            case Part.Present<CardReaderPort>(CardReaderPort reader) -> checks.add(new ReaderPresent(reader));
            default -> checks.add(notChecked("card-reader", devices.cardReader()));
        }
        switch (devices.scanner()) {
            case Part.Present<CodeScannerPort>(CodeScannerPort scanner) -> checks.add(new ScannerConnected(scanner));
            default -> checks.add(notChecked("scanner", devices.scanner()));
        }
        switch (devices.printer()) {
            case Part.Present<ReceiptPrinter>(ReceiptPrinter printer) -> checks.add(new PrinterReady(printer));
            default -> checks.add(notChecked("printer", devices.printer()));
        }
        switch (devices.indicators()) {
            case Part.Present<Indicators> p -> checks.add(notChecked("led-buzzer", new Part.Skipped<>(NO_SIGNAL_CYCLE)));
            default -> checks.add(notChecked("led-buzzer", devices.indicators()));
        }
        return checks;
    }

    private static Check notChecked(String name, Part<?> part) {
        return new Check() {
            @Override public String name() {
                return name;
            }

            @Override public CheckResult run() {
                return switch (part) {
                    case Part.Broken<?>(String why) -> fail(why);
                    case Part.Skipped<?>(String why) -> new CheckResult(name, Verdict.SKIP, false, why);
                    case Part.Present<?> p -> throw new IllegalStateException("a present part is checked");
                };
            }
        };
    }

    /** The scanner opened once for both scanner checks; remembers the first scan. */
    static final class ScannerProbe {
        private final CodeScannerPort scanner;
        private final CompletableFuture<Integer> firstScan = new CompletableFuture<>();
        private boolean opened;

        ScannerProbe(CodeScannerPort scanner) {
            this.scanner = scanner;
        }

        synchronized CodeScannerPort opened() {
            if (!opened) {
                scanner.open(text -> firstScan.complete(text.length()));
                opened = true;
            }
            return scanner;
        }

        CompletableFuture<Integer> firstScan() {
            opened();
            return firstScan;
        }
    }

    record ScannerPortOpen(ScannerProbe probe, Duration openWait) implements Check {
        @Override public String name() {
            return "scanner-port";
        }

        @Override public CheckResult run() {
            CodeScannerPort scanner = probe.opened();
            long deadline = System.nanoTime() + openWait.toNanos();
            while (scanner.state() != ScannerState.CONNECTED && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail("被中断");
                }
            }
            return scanner.state() == ScannerState.CONNECTED ? pass("扫描器串口已打开")
                    : fail(openWait.toSeconds() + " 秒内未能打开扫描器串口（设备不存在、被占用或无权限）");
        }
    }

    /** The scanner the service holds open: its state only. */
    record ScannerConnected(CodeScannerPort scanner) implements Check {
        @Override public String name() {
            return "scanner-port";
        }

        @Override public CheckResult run() {
            ScannerState state = scanner.state();
            return state == ScannerState.CONNECTED ? pass("扫描器串口已连接")
                    : fail("扫描器串口未连接（" + switch (state) {
                case DISCONNECTED -> "已断开，正在重连";
                case CONNECTING -> "正在连接";
                case CONNECTED, CLOSED -> "已关闭";
            } + "）");
        }
    }

    /** The printer's status, nothing printed. */
    record PrinterReady(ReceiptPrinter printer) implements Check {
        @Override public String name() {
            return "printer";
        }

        @Override public CheckResult run() {
            PrinterStatus status = printer.status();
            return status == PrinterStatus.READY ? pass(status.message() + "（" + NO_TEST_PAGE + "）")
                    : fail(status.message() + "（" + NO_TEST_PAGE + "）");
        }
    }

    record ReaderPresent(CardReaderPort reader) implements Check {
        @Override public String name() {
            return "card-reader";
        }

        @Override public CheckResult run() {
            try {
                List<String> names = reader.readers();
                return names.isEmpty() ? fail("未发现读卡器") : pass("读卡器: " + String.join(", ", names));
            } catch (CardReaderException e) {
                return fail("读卡器不可用：" + e.fault().code() + " " + e.fault().message());
            }
        }
    }

    record CardRead(CardReaderPort reader, Duration timeout) implements Check {
        @Override public String name() {
            return "card-read";
        }

        @Override public boolean needsPerson() {
            return true;
        }

        @Override public CheckResult run() {
            try (CardSession session = reader.waitForCard(timeout)) {
                return session == null ? fail(timeout.toSeconds() + " 秒内未插卡") : pass("已读到卡片 (ATR " + session.atr().length + " 字节)");
            } catch (CardReaderException e) {
                return fail("读卡失败：" + e.fault().code() + " " + e.fault().message());
            }
        }
    }

    record ScanReceived(ScannerProbe probe, Duration timeout) implements Check {
        @Override public String name() {
            return "scanner";
        }

        @Override public boolean needsPerson() {
            return true;
        }

        @Override public CheckResult run() {
            CompletableFuture<Integer> scanned = probe.firstScan();
            try {
                return pass("收到扫码 (" + scanned.get(timeout.toMillis(), TimeUnit.MILLISECONDS) + " 个字符)");
            } catch (TimeoutException e) {
                return fail(timeout.toSeconds() + " 秒内未收到扫码，扫描器状态 " + probe.opened().state());
            } catch (ExecutionException e) {
                return fail("扫码失败: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("被中断");
            }
        }
    }

    record TestPage(ReceiptPrinter printer) implements Check {
        @Override public String name() {
            return "printer";
        }

        @Override public CheckResult run() {
            PrinterStatus status = printer.status();
            if (status != PrinterStatus.READY) return fail(status.message());
            PrintResult result = printer.print(ReceiptDocument.builder()
                    .centered("自检测试页", true).line("ABCDEFGHIJ 0123456789").line("打印正常").feed(3).build());
            return switch (result) {
                case PrintResult.Printed p -> pass("测试页已打印 (" + p.bytes() + " 字节)");
                case PrintResult.NotPrinted n -> fail("测试页打印失败: " + n.status().message() + " " + n.detail());
            };
        }
    }

    record SignalCycle(Indicators indicators) implements Check {
        @Override public String name() {
            return "led-buzzer";
        }

        @Override public CheckResult run() {
            for (Signal signal : Signal.values()) indicators.signal(signal);
            return pass("指示灯和蜂鸣器已循环 " + Signal.values().length + " 种信号");
        }
    }

    record ButtonPress(Indicators indicators, Duration timeout) implements Check {
        @Override public String name() {
            return "button";
        }

        @Override public boolean needsPerson() {
            return true;
        }

        @Override public CheckResult run() {
            CompletableFuture<Void> pressed = new CompletableFuture<>();
            indicators.onButton(event -> pressed.complete(null));
            try {
                pressed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return pass("按键已按下");
            } catch (TimeoutException e) {
                return fail(timeout.toSeconds() + " 秒内未按键");
            } catch (ExecutionException e) {
                return fail("按键失败: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("被中断");
            }
        }
    }
}
