package org.yibao.drivers.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.testrig.ProcessResources;
import org.yibao.drivers.testrig.RecordingListener;
import org.yibao.drivers.testrig.SocatPty;

/** The jSerialComm scanner adapter on a real socat pty pair. */
class SerialCodeScannerIntegrationTest {
    @TempDir Path dir;
    private SocatPty pty;
    private CodeScannerPort scanner;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach void startPty() throws Exception {
        pty = new SocatPty(dir);
    }

    @AfterEach void stop() throws Exception {
        if (scanner != null) {
            scanner.close();
        }
        pty.close();
    }

    private void open(Charset charset, String prefix) throws InterruptedException {
        scanner = CodeScanners.create(new ScannerConfig("serial", pty.devicePath().toString(), 9600, charset, prefix,
                256, Duration.ofMillis(100), Duration.ofMillis(800)));
        scanner.open(listener);
        assertTrue(listener.awaitState(ScannerState.CONNECTED), "scanner never connected");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test void framesCrCrlfTabAndStripsAimIdAndPrefix() throws Exception {
        open(StandardCharsets.UTF_8, "SC:");
        pty.send(utf8("YBEC1.aaa.bbb.ccc\r"));
        pty.send(utf8("6901234567892\r\n"));
        pty.send(utf8("SC:]Q1YBEC1.ddd\t"));
        pty.send(utf8("]E06920000000001\r"));
        assertEquals("YBEC1.aaa.bbb.ccc", listener.nextScan());
        assertEquals("6901234567892", listener.nextScan());
        assertEquals("YBEC1.ddd", listener.nextScan());
        assertEquals("6920000000001", listener.nextScan());
    }

    @Test void chineseInUtf8() throws Exception {
        open(StandardCharsets.UTF_8, "");
        pty.send(utf8("张三 门诊\r"));
        assertEquals("张三 门诊", listener.nextScan());
    }

    @Test void chineseInGbk() throws Exception {
        Charset gbk = Charset.forName("GBK");
        open(gbk, "");
        pty.send("李四 药店\r\n".getBytes(gbk));
        assertEquals("李四 药店", listener.nextScan());
    }

    @Test void noiseBetweenScansIsIgnored() throws Exception {
        open(StandardCharsets.UTF_8, "");
        pty.send(new byte[] {(byte) 0xFF, (byte) 0xC0, 0x00, 0x1B, '\r', '\r', '\t'});
        pty.send(utf8("x".repeat(1000) + "\r"));
        pty.send(utf8("GOOD\r"));
        assertEquals("GOOD", listener.nextScan());
        assertEquals(0, listener.pendingScans());
    }

    /**
     * A code longer than the frame (256 bytes here) is not kept, but it was a scan: the listener
     * hears of it with its length (a 1101 then refuses it as no voucher, 1501), and the next scan
     * arrives intact.
     */
    @Test void aScanLongerThanTheFrameIsReportedAsSuchAndTheNextOneArrives() throws Exception {
        open(StandardCharsets.UTF_8, "");
        pty.send(utf8("Y".repeat(1000) + "\r\n"));
        pty.send(utf8("NEXT\r"));
        assertEquals(1000, listener.nextTooLong());
        assertEquals("NEXT", listener.nextScan());
        assertEquals(0, listener.pendingScans());
    }

    /**
     * The phone moved away after half the code was read, or noise came without a terminator: the
     * next customer's whole scan must arrive intact, not with those bytes glued to its front.
     */
    @Test void halfACodeThenSilenceDoesNotSpoilTheNextScan() throws Exception {
        open(StandardCharsets.UTF_8, "");
        pty.send(utf8("YBEC1.eyJhbGciOiJTTTIi"));
        Thread.sleep(1_500); // well past the 500 ms frame gap, also when socat and the reader thread are slow
        pty.send(utf8("YBEC1.aaa.bbb.ccc\r"));
        assertEquals("YBEC1.aaa.bbb.ccc", listener.nextScan());
        pty.send(new byte[] {0x00, (byte) 0xFF, 0x1B});
        Thread.sleep(1_500);
        pty.send(utf8("6901234567892\r"));
        assertEquals("6901234567892", listener.nextScan());
        assertEquals(0, listener.pendingScans());
    }

    @Test void bytesSentBeforeOpeningAreFlushed() throws Exception {
        pty.send(utf8("STALE-1\rSTALE-2\r"));
        Thread.sleep(300); // let socat move the bytes into the device side's input queue
        open(StandardCharsets.UTF_8, "");
        pty.send(utf8("FRESH\r"));
        assertEquals("FRESH", listener.nextScan());
    }

    @Test void reconnectsAfterUnplugAndReplug() throws Exception {
        open(StandardCharsets.UTF_8, "");
        pty.send(utf8("BEFORE\r"));
        assertEquals("BEFORE", listener.nextScan());
        pty.unplug();
        assertTrue(listener.awaitState(ScannerState.DISCONNECTED), "unplug not noticed");
        assertEquals(ScannerState.DISCONNECTED, scanner.state());
        pty.start();
        assertTrue(listener.awaitState(ScannerState.CONNECTED), "no reconnection after replug");
        pty.send(utf8("AFTER\r"));
        assertEquals("AFTER", listener.nextScan());
    }

    /**
     * A scanner on a loose cable is unplugged and plugged back many times a day: each round trip
     * must give back its port's file descriptors and jSerialComm's event thread, or a kiosk runs
     * out of them after weeks without a restart. Measured after a warm-up round (class loading,
     * the scheduler's thread), with a small margin for the JVM's own threads.
     */
    @Test void unplugAndReplugLeakNeitherFilesNorThreads() throws Exception {
        open(StandardCharsets.UTF_8, "");
        replug();
        int files = ProcessResources.openFiles();
        int threads = ProcessResources.threads();
        for (int i = 0; i < 25; i++) {
            replug();
        }
        pty.send(utf8("STILL\r"));
        assertEquals("STILL", listener.nextScan());
        assertTrue(ProcessResources.openFiles() <= files + 3,
                "open files grew from " + files + " to " + ProcessResources.openFiles() + " over 25 replugs");
        assertTrue(ProcessResources.threads() <= threads + 3,
                "threads grew from " + threads + " to " + ProcessResources.threads() + " over 25 replugs");
    }

    private void replug() throws Exception {
        pty.unplug();
        assertTrue(listener.awaitState(ScannerState.DISCONNECTED), "unplug not noticed");
        pty.start();
        assertTrue(listener.awaitState(ScannerState.CONNECTED), "no reconnection after replug");
    }

    @Test void absentDeviceIsConnectingUntilItAppears() throws Exception {
        pty.unplug();
        scanner = CodeScanners.create(new ScannerConfig("serial", pty.devicePath().toString(), 9600,
                StandardCharsets.UTF_8, "", 256, Duration.ofMillis(100), Duration.ofMillis(400)));
        scanner.open(listener);
        assertEquals(ScannerState.CONNECTING, scanner.state());
        pty.start();
        assertTrue(listener.awaitState(ScannerState.CONNECTED));
        pty.send(utf8("LATE\r"));
        assertEquals("LATE", listener.nextScan());
    }
}
