package org.yibao.outbox.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@link SqliteDatabase#open} could not open {@link #file()} for a reason other than corruption
 * (a read-only folder or file, no permission, a folder where the file should be, a lock held too
 * long): nothing was created, quarantined or changed. The cause is an {@link IOException} whose
 * own cause says why: SQLite's {@code SQLException} (its result code says which) or the
 * file-system failure met while preparing the open.
 */
public final class DatabaseOpenException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public DatabaseOpenException(Path file, Exception cause) {
        super(new IOException("cannot open database " + file + ": " + cause.getMessage(), cause));
        this.file = file;
    }

    /** The database file that could not be opened. */
    public Path file() {
        return file;
    }
}
