package org.yibao.outbox.db;

import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite failing on a {@link SqliteDatabase}'s file itself (held busy or locked by another
 * process, read-only, no permission, an I/O error, corrupt, full) rather than on a statement,
 * naming the file: what a caller tells the technician can then say which database. The same
 * result code as SQLite's own exception, which is its cause.
 */
public final class DatabaseFileException extends SQLiteException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public DatabaseFileException(Path file, SQLiteException cause) {
        super("database " + file + ": " + cause.getMessage(), cause.getResultCode());
        initCause(cause);
        this.file = file;
    }

    /** The database file SQLite failed on. */
    public Path file() {
        return file;
    }

    /** Whether {@code e}'s result code is about the database file rather than a statement. */
    static boolean concernsTheFile(SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED,
                SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_CANTOPEN, SQLiteErrorCode.SQLITE_PERM,
                SQLiteErrorCode.SQLITE_AUTH, SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_CORRUPT,
                SQLiteErrorCode.SQLITE_NOTADB, SQLiteErrorCode.SQLITE_FULL}) {
            if (primary == code.code) {
                return true;
            }
        }
        return false;
    }
}
