package org.yibao.terminal.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.outbox.db.DatabaseFileException;
import org.yibao.terminal.storage.LockFile;

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

    /** Empty where the lock file cannot be written (a read-only folder): the database's open then says what is wrong. */
    private final Optional<LockFile> lock;

    private DataFolderLock(Optional<LockFile> lock) {
        this.lock = lock;
    }

    /**
     * The lock of {@code dataDir}; a {@link DatabaseFileException} (SQLITE_BUSY, naming terminal.db)
     * when another service holds it, or the file system has no locks (taken as busy: two services
     * could not be told apart).
     */
    static DataFolderLock take(Path dataDir) throws DatabaseFileException {
        Path lockFile = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            LOG.debug("data folder lock {}: {}", lockFile, e.getMessage());
            return new DataFolderLock(Optional.empty());
        }
        return switch (LockFile.take(lockFile)) {
            case LockFile.Held held -> new DataFolderLock(Optional.of(held.lock()));
            case LockFile.Unwritable unwritable -> {
                LOG.debug("data folder lock {}: {}", lockFile, unwritable.cause().getMessage());
                yield new DataFolderLock(Optional.empty());
            }
            case LockFile.HeldElsewhere elsewhere -> throw busy(dataDir, lockFile);
            case LockFile.Unlockable unlockable -> throw busy(dataDir, lockFile);
        };
    }

    private static DatabaseFileException busy(Path dataDir, Path lockFile) {
        return new DatabaseFileException(dataDir.resolve("terminal.db"),
                new SQLiteException("another terminal service holds " + lockFile, SQLiteErrorCode.SQLITE_BUSY));
    }

    /**
     * Whether another process holds the lock of {@code dataDir} now: a terminal service runs on
     * it. Only looks (a lock taken is let go at once); false without a lock file or one that cannot be opened.
     */
    public static boolean heldElsewhere(Path dataDir) {
        return LockFile.heldElsewhere(dataDir.resolve(FILE_NAME));
    }

    @Override
    public void close() {
        lock.ifPresent(LockFile::close);
    }
}
