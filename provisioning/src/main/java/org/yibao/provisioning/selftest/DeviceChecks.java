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

/**
 * The device checks, one per part the configuration names, written against the drivers' ports
 * (so the real adapters and their simulated twins are checked the same way).
 */
public final class DeviceChecks {
    private DeviceChecks() {
    }

    /** The devices to check; absent ones are reported SKIP. */
    public record Devices(CardReaderPort cardReader, CodeScannerPort scanner, ReceiptPrinter printer, Indicators indicators) {
    }

    /** The checks for {@code devices}, waiting at most {@code personTimeout} for a person. */
    public static List<Check> of(Devices devices, Duration personTimeout) {
        List<Check> checks = new ArrayList<>();
        checks.add(devices.cardReader() == null ? skipped("card-reader") : new ReaderPresent(devices.cardReader()));
        if (devices.cardReader() != null) checks.add(new CardRead(devices.cardReader(), personTimeout));
        checks.add(devices.scanner() == null ? skipped("scanner") : new ScanReceived(devices.scanner(), personTimeout));
        checks.add(devices.printer() == null ? skipped("printer") : new TestPage(devices.printer()));
        checks.add(devices.indicators() == null ? skipped("led-buzzer") : new SignalCycle(devices.indicators()));
        if (devices.indicators() != null) checks.add(new ButtonPress(devices.indicators(), personTimeout));
        return checks;
    }

    private static Check skipped(String name) {
        return new Check() {
            @Override public String name() {
                return name;
            }

            @Override public CheckResult run() {
                return new CheckResult(name, Verdict.SKIP, false, "配置未指定该设备");
            }
        };
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
                return fail("读卡器不可用: " + e.getMessage());
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
                return fail("读卡失败: " + e.getMessage());
            }
        }
    }

    record ScanReceived(CodeScannerPort scanner, Duration timeout) implements Check {
        @Override public String name() {
            return "scanner";
        }

        @Override public boolean needsPerson() {
            return true;
        }

        @Override public CheckResult run() {
            CompletableFuture<Integer> scanned = new CompletableFuture<>();
            scanner.open(text -> scanned.complete(text.length()));
            try {
                return pass("收到扫码 (" + scanned.get(timeout.toMillis(), TimeUnit.MILLISECONDS) + " 个字符)");
            } catch (TimeoutException e) {
                return fail(timeout.toSeconds() + " 秒内未收到扫码，扫描器状态 " + scanner.state());
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
