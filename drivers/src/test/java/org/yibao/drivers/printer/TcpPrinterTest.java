package org.yibao.drivers.printer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP 9100 adapter against a real loopback ServerSocket that captures the bytes. */
class TcpPrinterTest {
    private ServerSocket server;
    private final PrinterPeer peer = new PrinterPeer();
    private Thread acceptor;
    private final CountDownLatch served = new CountDownLatch(1);

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        if (acceptor != null) acceptor.join(5000);
    }

    private void serveConnections() {
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    peer.serve(s.getInputStream(), s.getOutputStream());
                    served.countDown();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private ReceiptPrinter printer(boolean queryStatus, Duration timeout) {
        PrinterConfig.Tcp tcp = new PrinterConfig.Tcp("127.0.0.1", server.getLocalPort());
        return Printers.open(new PrinterConfig(tcp, PaperWidth.MM58, timeout, queryStatus));
    }

    @Test
    void printsTheEncodedBytesToTheSocket() throws Exception {
        serveConnections();
        try (ReceiptPrinter printer = printer(true, Duration.ofSeconds(5))) {
            PrintResult result = printer.print(Documents.sample());
            byte[] expected = EscPosEncoder.encode(Documents.sample());
            assertEquals(new PrintResult.Printed(expected.length), result);
            assertTrue(served.await(5, TimeUnit.SECONDS));
            assertArrayEquals(expected, peer.received());
            assertEquals(4, peer.queries(), "DLE EOT 1 and 4 before printing, and again after");
            DecodedReceipt decoded = EscPosDecoder.decode(peer.received());
            assertEquals("[QR SETL-0001]", "[QR " + decoded.qrPayloads().getFirst() + "]");
            assertEquals(1, decoded.cuts());
        }
    }

    @Test
    void paperOutAnswerIsATypedResultAndNothingIsPrinted() throws Exception {
        peer.paperOut();
        serveConnections();
        try (ReceiptPrinter printer = printer(true, Duration.ofSeconds(5))) {
            assertEquals(PrinterStatus.PAPER_OUT, printer.status());
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.PAPER_OUT, r.status());
            assertTrue(r.detail().contains("0x32"), r.detail());
            Chinese.assertNoEnglish(r.detail());
            assertEquals(0, peer.received().length, "no document bytes after a paper-out answer");
        }
    }

    @Test
    void coverOpenIsAnError() {
        peer.coverOpen();
        serveConnections();
        try (ReceiptPrinter printer = printer(true, Duration.ofSeconds(5))) {
            assertEquals(PrinterStatus.ERROR, printer.status());
        }
    }

    @Test
    void refusedConnectionIsOffline() throws IOException {
        int port = server.getLocalPort();
        server.close();
        PrinterConfig config = new PrinterConfig(new PrinterConfig.Tcp("127.0.0.1", port), PaperWidth.MM80,
                Duration.ofSeconds(2), true);
        try (ReceiptPrinter printer = Printers.open(config)) {
            assertEquals(PrinterStatus.OFFLINE, printer.status());
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.OFFLINE, r.status());
            assertTrue(r.detail().contains("tcp 127.0.0.1:" + port), r.detail());
            assertTrue(r.detail().contains("连接被拒绝"), r.detail());
            Chinese.assertNoEnglish(r.detail());
        }
    }

    /**
     * A printer that takes the status queries, reads the first bytes of the receipt and then drops
     * the connection (reset): the socket write still returns (the bytes sit in the send buffer), so
     * only asking again after the document shows the receipt never printed. It must stay unprinted
     * (kept for reprint), not be counted as printed.
     */
    @Test
    void aPrinterThatDropsTheConnectionMidReceiptIsNotPrinted() throws Exception {
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = server.accept()) {
                var in = s.getInputStream();
                var out = s.getOutputStream();
                for (int answered = 0; answered < 2; ) {
                    if (in.read() == 0x10 && in.read() == 0x04) {
                        in.read();
                        out.write(PrinterPeer.READY);
                        out.flush();
                        answered++;
                    }
                }
                in.readNBytes(64);
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // the test looks at the printer's result
            }
        });
        try (ReceiptPrinter printer = printer(true, Duration.ofSeconds(2))) {
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.OFFLINE, r.status());
            assertTrue(r.detail().startsWith("tcp 127.0.0.1:" + server.getLocalPort() + "："), r.detail());
            Chinese.assertNoEnglish(r.detail());
        }
    }

    @Test
    void silentPrinterIsOfflineInsteadOfHanging() {
        peer.mute();
        serveConnections();
        try (ReceiptPrinter printer = printer(true, Duration.ofMillis(300))) {
            PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
            assertEquals(PrinterStatus.OFFLINE, r.status());
            assertTrue(r.detail().startsWith("tcp 127.0.0.1:" + server.getLocalPort() + "：状态查询 DLE EOT 1 无应答"), r.detail());
            assertEquals(0, peer.received().length);
        }
    }

    /**
     * A network printer whose firmware hung accepts the connection and never reads: the write of
     * a receipt larger than the sockets' buffers blocks. Each print must end at its deadline as
     * OFFLINE, and the blocked worker, its socket and the peer's must all be given back, round
     * after round (a counter prints hundreds of receipts a day into a hung printer).
     */
    @Test
    void aPrinterThatNeverReadsEndsEachPrintAndLeaksNothing() throws Exception {
        java.util.List<Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept()); // kept open, never read
                } catch (IOException e) {
                    return;
                }
            }
        });
        ReceiptDocument big = longReceipt();
        try (ReceiptPrinter printer = printer(false, Duration.ofMillis(300))) {
            assertInstanceOf(PrintResult.NotPrinted.class, printer.print(big));
            closeAll(held);
            int files = org.yibao.drivers.testrig.ProcessResources.openFiles();
            int threads = org.yibao.drivers.testrig.ProcessResources.threads();
            for (int i = 0; i < 20; i++) {
                PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(big));
                assertEquals(PrinterStatus.OFFLINE, r.status());
                Chinese.assertNoEnglish(r.detail());
                closeAll(held);
            }
            Thread.sleep(200); // the last abandoned worker leaves once its socket is closed
            assertTrue(org.yibao.drivers.testrig.ProcessResources.openFiles() <= files + 3,
                    "open files grew from " + files + " to " + org.yibao.drivers.testrig.ProcessResources.openFiles());
            assertTrue(org.yibao.drivers.testrig.ProcessResources.threads() <= threads + 3,
                    "threads grew from " + threads + " to " + org.yibao.drivers.testrig.ProcessResources.threads());
        }
    }

    private static void closeAll(java.util.List<Socket> sockets) throws IOException {
        synchronized (sockets) {
            for (Socket s : sockets) s.close();
            sockets.clear();
        }
    }

    /** About 8 MB of receipt: more than a loopback connection's send and receive buffers hold. */
    private static ReceiptDocument longReceipt() {
        ReceiptDocument.Builder b = ReceiptDocument.builder();
        String line = "阿莫西林胶囊 0.25g*24粒 甲类 ￥12.50 x 1".repeat(8);
        for (int i = 0; i < 30_000; i++) b.line(line);
        return b.cut().build();
    }

    @Test
    void withoutStatusQueryOnlyTheDocumentIsSent() throws Exception {
        peer.mute();
        serveConnections();
        try (ReceiptPrinter printer = printer(false, Duration.ofSeconds(5))) {
            assertInstanceOf(PrintResult.Printed.class, printer.print(Documents.sample()));
            assertTrue(served.await(5, TimeUnit.SECONDS));
            assertEquals(0, peer.queries());
            assertArrayEquals(EscPosEncoder.encode(Documents.sample()), peer.received());
        }
    }
}
