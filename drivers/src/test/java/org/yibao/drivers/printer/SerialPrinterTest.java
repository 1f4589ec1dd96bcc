package org.yibao.drivers.printer;

import com.fazecast.jSerialComm.SerialPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serial adapter through a socat pty pair: the adapter opens one end as the printer's
 * port, the test reads the other end with jSerialComm and answers status requests as the
 * printer's firmware would.
 */
class SerialPrinterTest {
    @TempDir
    Path dir;
    private Process socat;
    private Path printerEnd;
    private Path hostEnd;
    private SerialPort host;
    private Thread firmware;
    private final PrinterPeer peer = new PrinterPeer();

    @BeforeEach
    void startPtyPair() throws Exception {
        printerEnd = dir.resolve("ttyPrinter");
        hostEnd = dir.resolve("ttyPeer");
        socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + printerEnd, "pty,raw,echo=0,link=" + hostEnd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(printerEnd) && Files.exists(hostEnd))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) throw new IllegalStateException("socat did not start");
            Thread.sleep(20);
        }
        host = SerialPort.getCommPort(hostEnd.toString());
        host.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 0, 0);
        assertTrue(host.openPort(), "open " + hostEnd);
        firmware = Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = host.getInputStream(); OutputStream out = host.getOutputStream()) {
                peer.serve(in, out);
            } catch (IOException | RuntimeException closed) {
                // the pty closed: the test is over
            }
        });
    }

    @AfterEach
    void stopPtyPair() throws Exception {
        socat.toHandle().destroyForcibly();
        socat.waitFor();
        host.closePort();
        firmware.join(5000);
    }

    private ReceiptPrinter printer() {
        return Printers.open(new PrinterConfig(new PrinterConfig.Serial(printerEnd.toString(), 9600),
                PaperWidth.MM58, Duration.ofSeconds(3), true));
    }

    private byte[] awaitReceived(int length) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.received().length < length && System.nanoTime() < deadline) Thread.sleep(10);
        return peer.received();
    }

    @Test
    void printsTheBytesToTheOtherEndOfThePty() throws Exception {
        try (ReceiptPrinter printer = printer()) {
            byte[] expected = EscPosEncoder.encode(Documents.sample());
            assertEquals(new PrintResult.Printed(expected.length), printer.print(Documents.sample()));
            assertArrayEquals(expected, awaitReceived(expected.length));
            assertEquals(4, peer.queries(), "DLE EOT 1 and 4 before printing, and again after");
            assertEquals("医保结算单", EscPosDecoder.decode(peer.received()).lines().getFirst());
        }
    }

    @Test
    void paperOutOverSerialIsATypedResult() {
        peer.paperOut();
        try (ReceiptPrinter printer = printer()) {
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.PAPER_OUT, r.status());
            assertEquals(0, peer.received().length);
        }
    }

    /**
     * The roll ends half way through a receipt: a serial write has no flow control and succeeds
     * whatever the printer does with the bytes, so only asking again after the document shows
     * that the receipt did not come out whole. It must stay unprinted (kept for reprint).
     */
    @Test
    void paperRunningOutMidReceiptIsNotPrinted() throws Exception {
        byte[] document = EscPosEncoder.encode(Documents.sample());
        peer.paperRunsOutAfter(document.length / 2);
        try (ReceiptPrinter printer = printer()) {
            PrintResult result = printer.print(Documents.sample());
            assertEquals(document.length, awaitReceived(document.length).length, "the whole document was sent");
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, result,
                    "a receipt cut short by the paper's end counted as printed");
            assertEquals(PrinterStatus.PAPER_OUT, r.status());
            assertTrue(r.detail().startsWith("串口 " + printerEnd + "@9600："), r.detail());
            Chinese.assertNoEnglish(r.detail());
        }
    }

    @Test
    void unpluggedPortIsOffline() throws Exception {
        socat.toHandle().destroyForcibly();
        socat.waitFor();
        Files.deleteIfExists(printerEnd);
        try (ReceiptPrinter printer = printer()) {
            assertEquals(PrinterStatus.OFFLINE, printer.status());
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.OFFLINE, r.status());
            assertTrue(r.detail().contains("串口 " + printerEnd), r.detail());
            Chinese.assertNoEnglish(r.detail());
        }
    }
}
