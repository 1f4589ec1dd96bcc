package org.yibao.terminal.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

/**
 * Reads and validates a file on its own thread while the calling thread stores the rows, so
 * parsing and SQLite inserts overlap on a multi-core box. Rows travel in chunks through a small
 * bounded queue (at most {@code QUEUED} chunks in flight, so memory stays flat). A refusal or
 * I/O error of the reader is rethrown on the caller's thread after the chunks before it; if the
 * caller fails, the reader is interrupted, stops at its next row, and is joined before the
 * failure propagates. The reader never touches the database.
 */
final class ChunkedScan<T> {
    /** Reads the whole file, handing each valid row to the sink; returns the file's summary. */
    @FunctionalInterface
    interface Scanner<T> {
        FileSummary scan(CatalogFiles.RowSink<T> sink);
    }

    /** Receives each chunk of rows, in file order, on the caller's thread. */
    @FunctionalInterface
    interface ChunkConsumer<T, E extends Exception> {
        void accept(List<T> rows) throws E;
    }

    static final int CHUNK = 1024;
    private static final int QUEUED = 8;

    private sealed interface Item<T> {}

    private record Rows<T>(List<T> rows) implements Item<T> {}

    private record Done<T>(FileSummary summary) implements Item<T> {}

    private record Failed<T>(Throwable error) implements Item<T> {}

    private final BlockingQueue<Item<T>> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Scanner<T> scanner;
    private final String threadName;

    ChunkedScan(Path file, Scanner<T> scanner) {
        this.scanner = scanner;
        this.threadName = "catalog-reader-" + TsvInput.fileName(file);
    }

    /** Runs the scan, giving every chunk to {@code consumer}; returns the summary of the file. */
    <E extends Exception> FileSummary run(ChunkConsumer<T, E> consumer) throws E {
        Thread reader = Thread.ofPlatform().name(threadName).daemon().start(this::read);
        boolean finished = false;
        try {
            FileSummary summary = consume(consumer);
            finished = true;
            return summary;
        } finally {
            if (!finished) reader.interrupt();
            joinQuietly(reader);
        }
    }

    private <E extends Exception> FileSummary consume(ChunkConsumer<T, E> consumer) throws E {
        while (true) {
            switch (take()) {
                case Rows<T> rows -> consumer.accept(rows.rows());
                case Done<T> done -> {
                    return done.summary();
                }
                case Failed<T> failed -> throw rethrow(failed.error());
            }
        }
    }

    private void read() {
        var chunk = new Object() {
            List<T> rows = new ArrayList<>(CHUNK);
        };
        try {
            FileSummary summary = scanner.scan((row, line) -> {
                chunk.rows.add(row);
                if (chunk.rows.size() == CHUNK) {
                    put(new Rows<>(chunk.rows));
                    chunk.rows = new ArrayList<>(CHUNK);
                }
            });
            if (!chunk.rows.isEmpty()) put(new Rows<>(chunk.rows));
            put(new Done<>(summary));
        } catch (CancellationException e) {
            // the caller failed and stopped reading; nothing to report
        } catch (Throwable e) {
            try {
                put(new Failed<>(e));
            } catch (CancellationException ignored) {
                // the caller is gone
            }
        }
    }

    private void put(Item<T> item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            throw new CancellationException("import stopped by its writer");
        }
    }

    private Item<T> take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("import interrupted");
        }
    }

    private static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException runtime) return runtime;
        if (error instanceof Error fatal) throw fatal;
        return new IllegalStateException("catalogue reader failed", error);
    }

    private static void joinQuietly(Thread reader) {
        boolean interrupted = false;
        while (true) {
            try {
                reader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
