package org.yibao.terminal.receipt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.terminal.receipt.ReceiptFormatter;
import org.yibao.terminal.receipt.SampleReceipt;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrinterCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new PrinterCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void simulatedTestPrintShowsTheDecodedReceipt() {
        assertEquals(0, run("test", "--simulated", "--paper", "80"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("[C] 打印测试（非结算凭证）"), text);
        assertTrue(text.contains("姓名：测*员"), text);
        assertTrue(text.contains("[QR TEST-PRINT-0001]"), text);
        assertTrue(text.contains("[CUT partial]"), text);
        assertTrue(text.contains("已打印测试页"), text);
        assertFalse(text.contains("printed "), text);
    }

    @Test
    void testPrintOverTcpSendsTheBytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofPlatform().daemon().start(r)); // not the common pool: a jqwik shrink left running there would starve it
            assertEquals(0, run("test", "--tcp", "127.0.0.1:" + server.getLocalPort(), "--no-status"), err.toString());
            String decoded = org.yibao.drivers.printer.EscPosDecoder.decode(received.get(30, java.util.concurrent.TimeUnit.SECONDS)).transcript();
            assertTrue(decoded.contains("测试药品乙类"), decoded);
        }
    }

    @Test
    void unreachablePrinterIsReportedWithItsReasonCode() throws IOException {
        int port = closedPort();
        assertEquals(3, run("status", "--tcp", "127.0.0.1:" + port, "--timeout-ms", "1000"));
        assertTrue(out.toString().contains("OFFLINE 打印机未连接或离线"), out.toString());
        assertTrue(out.toString().contains("1801 打印机未连接或离线") && out.toString().contains("127.0.0.1:" + port),
                "the reason names the printer asked: " + out);
        assertEquals(3, run("test", "--tcp", "127.0.0.1:" + port, "--timeout-ms", "1000"));
        assertTrue(err.toString().startsWith("1801 "), err.toString());
        String detail = err.toString().replaceAll("tcp [\\x21-\\x7E]+", " ");
        assertTrue(detail.contains("连接被拒绝"), err.toString());
        assertFalse(java.util.regex.Pattern.compile("[A-Za-z]{3,}").matcher(detail).find(), "English for a technician: " + err);
    }

    /**
     * {@code printer status} is the technician's first check: a printer it cannot reach is said
     * with why, in Chinese, as {@code printer test} and a failed receipt say it (connection
     * refused, a name that does not resolve), not only that it is offline.
     */
    @Test
    void statusOfAPrinterItCannotReachSaysWhy() throws IOException {
        int port = closedPort();
        assertEquals(3, run("status", "--tcp", "127.0.0.1:" + port, "--timeout-ms", "1000"));
        String said = out.toString();
        assertTrue(said.contains("1801 打印机未连接或离线") && said.contains("tcp 127.0.0.1:" + port + "：1000 毫秒内无法连接：连接被拒绝"), said);
        assertFalse(java.util.regex.Pattern.compile("[A-Za-z]{3,}").matcher(said.replaceAll("tcp [\\x21-\\x7E]+", " ").replace("OFFLINE", "")).find(),
                "English for a technician: " + said);

        out.getBuffer().setLength(0);
        assertEquals(3, run("status", "--tcp", "printer.invalid:9100", "--timeout-ms", "1000"));
        assertTrue(out.toString().contains("tcp printer.invalid:9100：1000 毫秒内无法连接：主机名无法解析"), out.toString());
    }

    @Test
    void decodeShowsCapturedBytes() throws IOException {
        Path capture = dir.resolve("capture.bin");
        Files.write(capture, ReceiptFormatter.format(SampleReceipt.create(LocalDateTime.of(2026, 1, 1, 8, 0), "T1"), PaperWidth.MM58));
        assertEquals(0, run("decode", capture.toString()));
        assertTrue(out.toString().contains("时间：2026-01-01 08:00:00"), out.toString());
    }

    @Test
    void badOptionsAreParameterErrors() {
        assertEquals(2, run("test", "--simulated", "--paper", "76"));
        assertEquals(2, run("test", "--simulated", "--tcp", "h:1"), "one transport only");
        assertEquals(2, run("status", "--usb", "/dev/usb/lp0", "--timeout-ms", "5"));
    }

    @Test
    void decodeOfAFileItCannotReadIsARefusal1967InChinese() throws IOException {
        Path absent = dir.resolve("absent.bin");
        assertEquals(2, run("decode", absent.toString()));
        assertTrue(out.toString().contains("\"term_errcode\":\"1967\""), out.toString());
        assertTrue(out.toString().contains(absent.toString()), out.toString());
        assertTrue(err.toString().startsWith("1967 "), err.toString());
        assertFalse(err.toString().contains("cannot read"), err.toString());

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(2, run("decode", dir.toString()), "a folder where a file was meant");
        assertTrue(out.toString().contains("\"term_errcode\":\"1967\""), out.toString());

        out.getBuffer().setLength(0);
        Path huge = dir.resolve("huge.bin");
        Files.write(huge, new byte[PrinterDecodeCommand.MAX_BYTES + 1]);
        assertEquals(2, run("decode", huge.toString()));
        assertTrue(out.toString().contains("\"term_errcode\":\"1967\""), out.toString());
        assertFalse(out.toString().contains("larger than"), out.toString());
    }

    /** A loopback port that was free a moment ago and has nothing listening now: connections are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
