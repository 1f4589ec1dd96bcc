package org.yibao.terminal.identity.voucher.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.terminal.identity.voucher.ReplayStoreException;

/**
 * One process at a time per replay store, so one terminal per data folder: a second service on
 * the folder fails as busy (1966) instead of both taking vouchers (each accepting the other's
 * nonces once) and both uplinking the folder's claims. A lock file beside the database
 * ({@code <name>.lock}), not the database file itself: closing any channel on a file ends every
 * POSIX lock the process holds on it, SQLite's included.
 */
final class StoreLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);

    /** Null where the lock file cannot be written (a read-only folder): SQLite's open then says what is wrong. */
    private final FileChannel channel;

    private StoreLock(FileChannel channel) {
        this.channel = channel;
    }

    /** The lock of {@code database}; a {@link ReplayStoreException} with SQLITE_BUSY as its cause when another holds it. */
    static StoreLock take(Path database) {
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) return new StoreLock(channel);
        } catch (OverlappingFileLockException heldInThisProcess) {
            // as busy as another process holding it
        } catch (IOException e) {
            close(channel);
            LOG.debug("replay store lock {}: {}", lockFile, e.getMessage());
            return new StoreLock(null);
        }
        close(channel);
        throw new ReplayStoreException("电子凭证防重放库正被另一个终端进程使用：" + database,
                new SQLiteException("another process holds " + lockFile, SQLiteErrorCode.SQLITE_BUSY));
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
            LOG.debug("replay store lock: {}", e.getMessage());
        }
    }
}
