package org.yibao.drivers.printer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The USB device-file adapter against a named pipe (a kernel character stream like
 * /dev/usb/lp0): bytes reach the reader; a pipe nobody reads blocks the open, and the
 * adapter still returns within its deadline.
 */
class DeviceFilePrinterTest {
    /** A thread of the test's own: the common pool may be busy with a jqwik shrink that outlived its property. */
    private static final Executor OWN_THREAD = r -> Thread.ofPlatform().daemon().start(r);

    @TempDir
    Path dir;

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    private static ReceiptPrinter printer(Path path, Duration timeout) {
        return Printers.open(new PrinterConfig(new PrinterConfig.DeviceFile(path), PaperWidth.MM80, timeout, false));
    }

    @Test
    void writesTheBytesToTheDevice() throws Exception {
        Path lp = fifo("lp0");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new FileInputStream(lp.toFile())) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, OWN_THREAD);
        try (ReceiptPrinter printer = printer(lp, Duration.ofSeconds(5))) {
            assertInstanceOf(PrintResult.Printed.class, printer.print(Documents.sample()));
        }
        assertArrayEquals(EscPosEncoder.encode(Documents.sample()), read.get(30, TimeUnit.SECONDS));
    }

    @Test
    void missingDeviceIsOffline() {
        try (ReceiptPrinter printer = printer(dir.resolve("lp9"), Duration.ofSeconds(2))) {
            assertEquals(PrinterStatus.OFFLINE, printer.status());
            PrintResult.NotPrinted r = (PrintResult.NotPrinted) printer.print(Documents.sample());
            assertEquals(PrinterStatus.OFFLINE, r.status());
            assertTrue(r.detail().contains("设备不存在"), r.detail());
            Chinese.assertNoEnglish(r.detail());
        }
    }

    /**
     * The printer goes away in the middle of a long receipt (the reader of the device file stops
     * after a few bytes): offline, with how far it got in Chinese; before, an I/O failure was
     * 1803 打印机故障（开盖或切刀异常） with the JDK's "Broken pipe".
     */
    @Test
    void aDeviceLostMidReceiptIsOfflineWithHowFarItGot() throws Exception {
        Path lp = fifo("lp-lost");
        ReceiptDocument.Builder longReceipt = ReceiptDocument.builder();
        for (int i = 0; i < 3000; i++) longReceipt.line("复方甘草片 乙 1 8.50 " + i);
        CompletableFuture<Void> unplugged = CompletableFuture.runAsync(() -> {
            try (InputStream in = new FileInputStream(lp.toFile())) {
                in.readNBytes(100);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, OWN_THREAD);
        try (ReceiptPrinter printer = printer(lp, Duration.ofSeconds(10))) {
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(longReceipt.build()));
            assertEquals(PrinterStatus.OFFLINE, r.status());
            assertTrue(r.detail().contains("字节后中断"), r.detail());
            Chinese.assertNoEnglish(r.detail());
        }
        unplugged.get(30, TimeUnit.SECONDS);
    }

    @Test
    void deviceThatNeverAcceptsIsOfflineAfterTheDeadline() throws Exception {
        Path lp = fifo("stuck");
        try (ReceiptPrinter printer = printer(lp, Duration.ofMillis(200))) {
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.OFFLINE, r.status());
        } finally {
            try (InputStream release = new FileInputStream(lp.toFile())) {
                release.readAllBytes(); // frees the worker still blocked in open()
            }
        }
    }

    @Test
    void statusQueryIsRefusedForAWriteOnlyDevice() {
        assertThrows(IllegalArgumentException.class, () -> new PrinterConfig(
                new PrinterConfig.DeviceFile(Path.of("/dev/usb/lp0")), PaperWidth.MM58, Duration.ofSeconds(1), true));
    }
}
