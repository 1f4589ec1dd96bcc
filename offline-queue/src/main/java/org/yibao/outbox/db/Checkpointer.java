package org.yibao.outbox.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames back into the database file on a thread and connection of its
 * own, so that no request pays for a checkpoint inside its COMMIT.
 *
 * <p>Why: with SQLite's automatic checkpoint, the commit that pushes the WAL past 1,000 pages
 * copies them all and fsyncs the database file before it returns; on a terminal that is one
 * settlement in every few dozen waiting tens of milliseconds, which is the tail of the latency.
 *
 * <p>Promises: after each {@link #committed()} a {@code PRAGMA wal_checkpoint(PASSIVE)} follows
 * within about {@link #PAUSE_MS} ms (several commits meanwhile share one); a passive checkpoint
 * never blocks the writer or the readers. A failed checkpoint is logged and retried after the
 * next commit, and the writer connection keeps SQLite's own automatic checkpoint at
 * {@link #FALLBACK_PAGES} pages, so the WAL stays bounded even if this thread falls behind.
 * {@link #close()} stops the thread and closes its connection.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    /** Gathers the commits of this many ms into one checkpoint. */
    static final long PAUSE_MS = 50;
    /** The writer's own automatic checkpoint, a safety net far above what this thread lets build up. */
    static final int FALLBACK_PAGES = 10_000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean pending;
    private boolean closing;
    private final Thread thread;

    Checkpointer(Path file) {
        this.file = file;
        this.thread = Thread.ofPlatform().daemon().name("sqlite-checkpoint " + file.getFileName()).unstarted(this::run);
        thread.start();
    }

    /** A transaction committed: new frames are waiting in the WAL. */
    void committed() {
        lock.lock();
        try {
            if (!pending) {
                pending = true;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Connection connection = null;
        try {
            while (awaitWork()) {
                if (connection == null) connection = open(file);
                checkpoint(connection);
            }
        } catch (SQLException e) {
            LOG.warn("background checkpoint of {} stopped: {}; SQLite's automatic checkpoint takes over", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(connection);
        }
    }

    /** Waits for a commit, then lets more arrive for {@link #PAUSE_MS}; false once closing. */
    private boolean awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (!pending && !closing) wake.await();
            if (closing) return false;
        } finally {
            lock.unlock();
        }
        Thread.sleep(PAUSE_MS);
        lock.lock();
        try {
            pending = false;
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    private void checkpoint(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next();
        } catch (SQLException e) {
            LOG.warn("checkpoint of {} failed, retried after the next commit: {}", file, e.toString());
        }
    }

    private static Connection open(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", Integer.toString(SqliteDatabase.BUSY_TIMEOUT_MS));
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA synchronous=FULL");
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing after a failure; nothing more to do
        }
    }
}
