package org.yibao.drivers.printer;

import org.yibao.drivers.printer.internal.LinkUnavailableException;
import org.yibao.drivers.printer.internal.PrinterLink;
import org.yibao.drivers.printer.internal.StatusQuery;

import java.io.IOException;
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
 * runs on a worker thread under the configured deadline; when the deadline passes, the link
 * is closed (which unblocks the socket or channel) and the call returns a typed result.
 */
public final class EscPosPrinter implements ReceiptPrinter {
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
    public PrintResult print(ReceiptDocument document) {
        byte[] bytes = EscPosEncoder.encode(document);
        synchronized (lock) {
            if (closed) return new PrintResult.NotPrinted(PrinterStatus.OFFLINE, "printer closed");
            PrinterLink link = links.get();
            return within(link, () -> send(link, bytes),
                    (status, detail) -> new PrintResult.NotPrinted(status, detail));
        }
    }

    @Override
    public PrinterStatus status() {
        synchronized (lock) {
            if (closed) return PrinterStatus.OFFLINE;
            PrinterLink link = links.get();
            return within(link, () -> ask(link), (status, detail) -> status);
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
                return new PrintResult.NotPrinted(answer.status(), config.transport() + ": " + answer.detail());
            }
        }
        link.write(bytes);
        return new PrintResult.Printed(bytes.length);
    }

    private PrinterStatus ask(PrinterLink link) throws IOException {
        link.open();
        return config.queryStatus() ? StatusQuery.ask(link).status() : PrinterStatus.READY;
    }

    private interface Job<T> {
        T run() throws IOException;
    }

    private interface Failure<T> {
        T of(PrinterStatus status, String detail);
    }

    private <T> T within(PrinterLink link, Job<T> job, Failure<T> failure) {
        long timeoutMs = config.timeout().toMillis();
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
            return failure.of(PrinterStatus.OFFLINE, config.transport() + ": no answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(link, future);
            return failure.of(PrinterStatus.ERROR, config.transport() + ": interrupted while printing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            PrinterStatus status = cause instanceof LinkUnavailableException ? PrinterStatus.OFFLINE : PrinterStatus.ERROR;
            return failure.of(status, config.transport() + ": " + cause.getMessage());
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
