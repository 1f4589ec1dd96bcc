package org.yibao.drivers.printer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.drivers.printer.internal.LinkErrors;
import org.yibao.drivers.printer.internal.PrinterLink;
import org.yibao.drivers.printer.internal.StatusQuery;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The real printer adapter: encodes with {@link EscPosEncoder} (escpos-coffee) and sends the
 * bytes over TCP, serial or a USB device file, one connection per operation. Each operation
 * runs on a worker thread under the configured timeout (a print over serial also gets its bytes'
 * time on the wire, {@link PrinterConfig#deadlineFor}); when the deadline passes, the link
 * is closed (which unblocks the socket or channel) and the call returns a typed result.
 * A link that fails (refused, unplugged, dropped mid-receipt) is {@link PrinterStatus#OFFLINE};
 * every detail is Chinese, for the cashier's warning, and the JDK's own text goes to the log.
 *
 * <p>A write does not show that the receipt came out whole: over TCP it returns once the bytes
 * are in the kernel's send buffer (a printer that drops the connection mid-receipt is not seen),
 * and over serial, without flow control, it succeeds whatever the printer does with the bytes
 * (switched off, or the roll ending half way). So with status queries on, the printer is asked
 * again after the document, and a receipt it does not answer READY for is not printed (it stays
 * kept for reprint).
 */
public final class EscPosPrinter implements ReceiptPrinter {
    private static final Logger LOG = LoggerFactory.getLogger(EscPosPrinter.class);
    private final PrinterConfig config;
    private final Supplier<PrinterLink> links;
    private final Object lock = new Object();
    private ExecutorService worker = newWorker();
    private boolean closed;

    /** An adapter that opens a new link from {@code links} for every operation. */
    public EscPosPrinter(PrinterConfig config, Supplier<PrinterLink> links) {
        this.config = config;
        this.links = links;
    }

    @Override
    public PaperWidth paper() {
        return config.paper();
    }

    @Override
    public PrintResult print(ReceiptDocument document) {
        byte[] bytes = EscPosEncoder.encode(document);
        synchronized (lock) {
            if (closed) return new PrintResult.NotPrinted(PrinterStatus.OFFLINE, config.transport() + "：打印机已关闭");
            PrinterLink link = links.get();
            return within(link, config.deadlineFor(bytes.length), () -> send(link, bytes),
                    (status, detail) -> new PrintResult.NotPrinted(status, detail));
        }
    }

    @Override
    public PrinterStatus status() {
        return statusWithDetail().status();
    }

    @Override
    public StatusAnswer statusWithDetail() {
        synchronized (lock) {
            if (closed) return new StatusAnswer(PrinterStatus.OFFLINE, config.transport() + "：打印机已关闭");
            PrinterLink link = links.get();
            return within(link, config.timeout(), () -> ask(link), StatusAnswer::new);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            worker.shutdownNow();
        }
    }

    private PrintResult send(PrinterLink link, byte[] bytes) throws IOException {
        link.open();
        if (config.queryStatus()) {
            StatusQuery.Answer answer = StatusQuery.ask(link);
            if (answer.status() != PrinterStatus.READY) {
                return new PrintResult.NotPrinted(answer.status(), config.transport() + "：" + answer.detail());
            }
        }
        link.write(bytes);
        if (config.queryStatus()) {
            StatusQuery.Answer after = StatusQuery.ask(link);
            if (after.status() != PrinterStatus.READY) {
                return new PrintResult.NotPrinted(after.status(), config.transport() + "：小票发出后打印机未确认（"
                        + after.detail() + "），可能未打完");
            }
        }
        return new PrintResult.Printed(bytes.length);
    }

    private StatusAnswer ask(PrinterLink link) throws IOException {
        link.open();
        if (!config.queryStatus()) return new StatusAnswer(PrinterStatus.READY, "");
        StatusQuery.Answer answer = StatusQuery.ask(link);
        return answer.status() == PrinterStatus.READY ? new StatusAnswer(PrinterStatus.READY, "")
                : new StatusAnswer(answer.status(), config.transport() + "：" + answer.detail());
    }

    private interface Job<T> {
        T run() throws IOException;
    }

    private interface Failure<T> {
        T of(PrinterStatus status, String detail);
    }

    private <T> T within(PrinterLink link, Duration deadline, Job<T> job, Failure<T> failure) {
        long timeoutMs = deadline.toMillis();
        Future<T> future = worker.submit(() -> {
            try {
                return job.run();
            } finally {
                link.close();
            }
        });
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(link, future);
            return failure.of(PrinterStatus.OFFLINE, config.transport() + "：" + timeoutMs + " 毫秒内无应答");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(link, future);
            return failure.of(PrinterStatus.ERROR, config.transport() + "：打印被中断");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.debug("printer {}: {}", config.transport(), cause.toString(), cause);
            if (cause instanceof IOException) {
                return failure.of(PrinterStatus.OFFLINE, config.transport() + "：" + LinkErrors.describe(cause));
            }
            LOG.warn("printer {} failed unexpectedly", config.transport(), cause);
            return failure.of(PrinterStatus.ERROR, config.transport() + "：打印程序异常（详见日志）");
        }
    }

    /** Closes the link to unblock the worker; a worker still stuck in native code is replaced. */
    private void abandon(PrinterLink link, Future<?> future) {
        link.close();
        future.cancel(true);
        worker.shutdownNow();
        worker = newWorker();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "receipt-printer");
            t.setDaemon(true);
            return t;
        });
    }
}
