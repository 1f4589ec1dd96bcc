package org.yibao.outbox.db;

import java.nio.file.Path;

/**
 * The database file at {@link #original()} was corrupt or unreadable when it was opened. It was
 * not deleted and not recreated: it (and its -wal / -shm companions) now lives at
 * {@link #quarantined()} for a technician to inspect. Opening again starts an empty database, so
 * the application must surface this to the operator before doing so.
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
