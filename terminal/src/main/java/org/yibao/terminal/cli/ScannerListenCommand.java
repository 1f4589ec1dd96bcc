package org.yibao.terminal.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.yibao.drivers.scanner.CodeScannerPort;
import org.yibao.drivers.scanner.CodeScanners;
import org.yibao.drivers.scanner.ScanListener;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.ScannerState;
import org.yibao.terminal.devices.ScannerReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terminal scanner listen}: opens the scanner's serial port and prints each framed scan
 * as one line on stdout (state changes go to stderr), for {@code --seconds} or until killed.
 * It reconnects by itself when the scanner is unplugged and plugged in again. Exit 0, or 1
 * when the port never opened during the run (1810 on stderr). States are said in Chinese
 * ({@code 扫码器 PATH：已连接}). An e-voucher
 * (YBEC1) or any long text may carry an ecToken, so those are masked unless {@code --unmasked}.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"每扫一次输出一行（电子凭证默认脱敏，--unmasked 显示全文）。",
                "Print each scan from a serial scanner as a line (e-vouchers masked unless --unmasked)."})
public final class ScannerListenCommand implements Callable<Integer> {
    /** Scans at least this long are masked by default: a vendor voucher may carry a token. */
    static final int MASK_FROM_LENGTH = 40;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PATH",
            description = "serial device, e.g. /dev/serial/by-id/usb-...-if00 (a pty in tests)")
    String port;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
            description = "stop after N seconds (default: 0 = until interrupted)")
    long seconds;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "prefix the scanner adds before the data")
    String prefix;

    @Option(names = "--charset", paramLabel = "UTF-8|GBK", defaultValue = "UTF-8",
            description = "encoding the scanner sends (default: ${DEFAULT-VALUE})")
    String charset;

    @Option(names = "--baud", paramLabel = "N", defaultValue = "9600", description = "line speed (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--unmasked", description = "print every scan in full")
    boolean unmasked;

    /** Exit code when the scanner was never reachable during the whole run. */
    static final int NEVER_CONNECTED = 1;

    private volatile boolean connected;

    @Override public Integer call() throws InterruptedException {
        ScannerConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        try (CodeScannerPort scanner = CodeScanners.create(config)) {
            Thread hook = Thread.ofPlatform().unstarted(stopped::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            scanner.open(new Printer(out, err));
            if (seconds > 0) {
                stopped.await(seconds, TimeUnit.SECONDS);
            } else {
                stopped.await();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting on a signal: nothing to remove
            }
        }
        if (!connected) {
            err.println(ScannerReason.NEVER_CONNECTED.code() + " " + ScannerReason.NEVER_CONNECTED.message() + "：" + port);
            err.flush();
            return NEVER_CONNECTED;
        }
        return 0;
    }

    private ScannerConfig config() {
        if (seconds < 0 || baud <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds 不能为负数，--baud 须为正数");
        }
        try {
            Charset cs = Charset.forName(charset);
            return new ScannerConfig(ScannerConfig.SERIAL, port, baud, cs, prefix, 4096,
                    Duration.ofMillis(200), Duration.ofSeconds(5));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--charset 不是可用的字符集（如 UTF-8、GBK）：" + charset);
        }
    }

    /** What is printed for a scan. */
    static String shown(String scan, boolean unmasked) {
        if (unmasked || !(scan.startsWith("YBEC1.") || scan.length() >= MASK_FROM_LENGTH)) {
            return scan;
        }
        return scan.substring(0, 6) + "***" + " (" + scan.length() + " chars)";
    }

    /** Prints scans on stdout and states on stderr, one flushed line each. */
    private final class Printer implements ScanListener {
        private final PrintWriter out;
        private final PrintWriter err;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override public void onScan(String text) {
            synchronized (out) {
                out.println(shown(text, unmasked));
                out.flush();
            }
        }

        @Override public void onUndecodable(int bytes) {
            synchronized (err) {
                err.println("扫码器 " + port + "：读到 " + bytes + " 字节，不是 " + charset + " 文本（请核对扫码器与 --charset 的编码设置）");
                err.flush();
            }
        }

        @Override public void onTooLong(int bytes) {
            synchronized (err) {
                err.println("扫码器 " + port + "：读到 " + bytes + " 字节的内容，超出接收上限，不是医保电子凭证");
                err.flush();
            }
        }

        /** Said each time: a scanner that sends no suffix shows it at the second scan, and only the technician can change it. */
        @Override public void onUnterminated(int bytes) {
            synchronized (err) {
                err.println("扫码器 " + port + "：收到 " + bytes + " 字节后没有结束符（回车或换行），已丢弃；"
                        + "若每次扫码都如此，请把扫码器设置为在条码后发送回车（CR）");
                err.flush();
            }
        }

        @Override public void onStateChange(ScannerState state) {
            if (state == ScannerState.CONNECTED) {
                connected = true;
            }
            synchronized (err) {
                err.println("扫码器 " + port + "：" + ScannerReason.state(state));
                err.flush();
            }
        }
    }
}
