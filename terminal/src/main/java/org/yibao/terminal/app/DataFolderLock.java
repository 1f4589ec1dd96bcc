package org.yibao.terminal.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.outbox.db.DatabaseFileException;

/**
 * One terminal service per data folder: {@link TerminalApp} holds {@value #FILE_NAME} locked
 * (an OS file lock, gone with the process, kill -9 included) for as long as it runs. A second
 * service on the folder is refused as the database being busy (1966), and {@code factory-reset}
 * asks {@link #heldElsewhere} before it removes anything: a service left running would go on
 * answering settlements into deleted files.
 */
public final class DataFolderLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolderLock.class);
    static final String FILE_NAME = "terminal.lock";

    /** Null where the lock file cannot be written (a read-only folder): the database's open then says what is wrong. */
    private final FileChannel channel;

    private DataFolderLock(FileChannel channel) {
        this.channel = channel;
    }

    /** The lock of {@code dataDir}; a {@link DatabaseFileException} (SQLITE_BUSY, naming terminal.db) when another service holds it. */
    static DataFolderLock take(Path dataDir) throws DatabaseFileException {
        Path lockFile = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.debug("data folder lock {}: {}", lockFile, e.getMessage());
            return new DataFolderLock(null);
        }
        try {
            if (channel.tryLock() != null) return new DataFolderLock(channel);
        } catch (OverlappingFileLockException | IOException heldOrUnusable) {
            // held in this process, or the file system has no locks: as busy
        }
        close(channel);
        throw new DatabaseFileException(dataDir.resolve("terminal.db"),
                new SQLiteException("another terminal service holds " + lockFile, SQLiteErrorCode.SQLITE_BUSY));
    }

    /**
     * Whether another process holds the lock of {@code dataDir} now: a terminal service runs on
     * it. Only looks (a lock taken is let go at once); false without a lock file or one that cannot be opened.
     */
    public static boolean heldElsewhere(Path dataDir) {
        Path lockFile = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(lockFile)) return false;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldInThisProcess) {
            return true;
        } catch (IOException e) {
            LOG.debug("data folder lock {}: {}", lockFile, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("data folder lock: {}", e.getMessage());
        }
    }
}
