package org.yibao.terminal.identity.voucher.sqlite;

import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.terminal.identity.voucher.ReplayStoreException;
import org.yibao.terminal.storage.LockFile;

/**
 * One process at a time per replay store, so one terminal per data folder: a second service on
 * the folder fails as busy (1966) instead of both taking vouchers (each accepting the other's
 * nonces once) and both uplinking the folder's claims. A lock file beside the database
 * ({@code <name>.lock}, see {@link LockFile}).
 */
final class StoreLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);

    /** Empty where no lock can be had (a read-only folder): SQLite's open then says what is wrong. */
    private final Optional<LockFile> lock;

    private StoreLock(Optional<LockFile> lock) {
        this.lock = lock;
    }

    /** The lock of {@code database}; a {@link ReplayStoreException} with SQLITE_BUSY as its cause when another holds it. */
    static StoreLock take(Path database) {
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        return switch (LockFile.take(lockFile)) {
            case LockFile.Held held -> new StoreLock(Optional.of(held.lock()));
            case LockFile.HeldElsewhere elsewhere -> throw new ReplayStoreException("电子凭证防重放库正被另一个终端进程使用：" + database,
                    new SQLiteException("another process holds " + lockFile, SQLiteErrorCode.SQLITE_BUSY));
            case LockFile.Unwritable unwritable -> none(lockFile, unwritable.cause());
            case LockFile.Unlockable unlockable -> none(lockFile, unlockable.cause());
        };
    }

    private static StoreLock none(Path lockFile, Exception cause) {
        LOG.debug("replay store lock {}: {}", lockFile, cause.getMessage());
        return new StoreLock(Optional.empty());
    }

    @Override
    public void close() {
        lock.ifPresent(LockFile::close);
    }
}
