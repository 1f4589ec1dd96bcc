package org.yibao.drivers.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.internal.PrinterLink;

/**
 * A serial line carries a receipt at its baud rate, 10 bits a byte (8N1): a 58 mm receipt of 30
 * items is about 5 KB, 5.5 s at the default 9600 baud, longer than the default 5 s timeout. A pty
 * (as the other serial tests use) buffers 64 KB and has no baud rate, so the line here is one that
 * passes bytes at the pace a UART sends them (a write returns once its bytes are out, as
 * {@code SerialLink}'s write and drain do) and whose printer answers its status queries READY.
 */
class SerialLineTimeTest {
    private static final int BAUD = 19_200;

    @Test
    void aReceiptLongerOnTheWireThanTheTimeoutStillPrintsWhole() {
        ReceiptDocument.Builder doc = ReceiptDocument.builder().centered("医保结算单", true);
        for (int i = 0; i < 80; i++) doc.line("阿莫西林胶囊0.25g*24粒    甲   2   25.00");
        ReceiptDocument receipt = doc.qr("SETL-0001").feed(3).cut().build();
        byte[] bytes = EscPosEncoder.encode(receipt);
        Duration timeout = Duration.ofSeconds(1);
        long onTheWireMs = bytes.length * 10_000L / BAUD;
        assertTrue(onTheWireMs > timeout.toMillis() * 3 / 2, "the receipt must take longer on the wire than the timeout: " + onTheWireMs);

        Uart line = new Uart(BAUD);
        PrinterConfig config = new PrinterConfig(new PrinterConfig.Serial("/dev/ttyUSB0", BAUD), PaperWidth.MM58, timeout, true);
        try (ReceiptPrinter printer = new EscPosPrinter(config, line::link)) {
            PrintResult result = printer.print(receipt);
            assertArrayEquals(bytes, line.document(), "the receipt was cut off on the wire after "
                    + line.document().length + " of " + bytes.length + " bytes; result " + result);
            assertEquals(new PrintResult.Printed(bytes.length), result);
        }
    }

    /** The wire: document bytes at {@code baud}; every status query (DLE EOT n) answered READY. */
    private static final class Uart {
        private final int baud;
        private final ByteArrayOutputStream document = new ByteArrayOutputStream();

        Uart(int baud) {
            this.baud = baud;
        }

        synchronized byte[] document() {
            return document.toByteArray();
        }

        PrinterLink link() {
            return new PrinterLink() {
                private volatile boolean closed;

                @Override public void open() {
                }

                @Override public void write(byte[] bytes) throws IOException {
                    if (bytes.length == 3 && bytes[0] == 0x10 && bytes[1] == 0x04) return; // a status query
                    long started = System.nanoTime(); // paced against one schedule: each wake-up's lateness is not added up
                    for (int at = 0; at < bytes.length; at += 64) {
                        int n = Math.min(64, bytes.length - at);
                        long due = started + (at + n) * 10_000_000_000L / baud;
                        try {
                            for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                                Thread.sleep(Duration.ofNanos(left));
                            }
                        } catch (InterruptedException e) {
                            throw new IOException("interrupted", e);
                        }
                        if (closed) throw new IOException("port closed");
                        synchronized (Uart.this) {
                            document.write(bytes, at, n);
                        }
                    }
                }

                @Override public int readByte() {
                    return PrinterPeer.READY;
                }

                @Override public void close() {
                    closed = true;
                }
            };
        }
    }
}
