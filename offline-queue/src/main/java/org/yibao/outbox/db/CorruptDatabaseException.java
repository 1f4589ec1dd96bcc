package org.yibao.outbox.db;

import java.nio.file.Path;

/**
 * The database file at {@link #original()} was corrupt or unreadable when it was opened. It was
 * not deleted and not recreated: it (and its -wal / -shm companions) now lives at
 * {@link #quarantined()} for a technician to inspect. Opening again creates no empty database in
 * its place: while the quarantined file lies beside it, {@link SqliteDatabase#open} throws a
 * {@link QuarantinedDatabaseException}.
 */
public final class CorruptDatabaseException extends RuntimeException {

    private final Path original;
    private final Path quarantined;

    public CorruptDatabaseException(Path original, Path quarantined, String reason, Throwable cause) {
        super("database " + original + " is corrupt or unreadable (" + reason + "); moved to " + quarantined
                + " (with its -wal/-shm); nothing was deleted; inspect it or restore a backup before reopening", cause);
        this.original = original;
        this.quarantined = quarantined;
    }

    /** Where the file was. */
    public Path original() {
        return original;
    }

    /** Where the file is now ({@code <name>.corrupt-<yyyyMMddHHmmss>}). */
    public Path quarantined() {
        return quarantined;
    }
}
