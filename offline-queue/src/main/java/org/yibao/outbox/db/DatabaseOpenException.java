package org.yibao.outbox.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * {@link SqliteDatabase#open} could not open {@link #file()} for a reason other than corruption
 * (a read-only folder or file, no permission, a folder where the file should be, a lock held too
 * long): nothing was created, quarantined or changed. {@link #sqlException()} is SQLite's own
 * error (its result code says which); the cause of this exception is an {@link IOException}
 * wrapping it, as before this type existed.
 */
public final class DatabaseOpenException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final transient SQLException sqlException;

    public DatabaseOpenException(Path file, SQLException cause) {
        super(new IOException("cannot open database " + file + ": " + cause.getMessage(), cause));
        this.file = file;
        this.sqlException = cause;
    }

    /** The database file that could not be opened. */
    public Path file() {
        return file;
    }

    /** SQLite's error. */
    public SQLException sqlException() {
        return sqlException;
    }
}
