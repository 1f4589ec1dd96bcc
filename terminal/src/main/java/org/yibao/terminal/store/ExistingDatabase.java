package org.yibao.terminal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.outbox.db.MissingTableException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;

/**
 * Opens a database file that a command only reads ({@link SqliteDatabase#openReadOnly}): a
 * missing, empty or non-SQLite file, or one without the tables a store needs, is a refusal
 * (1960-1963) and stays byte for byte as it was; it is never created, migrated or quarantined.
 */
public final class ExistingDatabase {
    private ExistingDatabase() {
    }

    /**
     * The database at {@code file}, open read-only. {@code named} says in a refusal which file it
     * was (e.g. {@code "--db centre.db"}).
     *
     * @throws RefusedException 1960 no such file, 1961 empty or not a SQLite database, 1963 unreadable
     * @throws SQLException a full disk ({@link StorageFailures#isDatabaseFull}): the machine's
     *         condition, which the caller refuses as it refuses one met while reading (1018)
     */
    public static SqliteDatabase open(Path file, String named) throws SQLException {
        if (!Files.isRegularFile(file)) throw new RefusedException(DatabaseFileReason.NO_DATABASE, named);
        try {
            if (Files.size(file) == 0) throw new RefusedException(DatabaseFileReason.NOT_A_DATABASE, named + "（空文件）");
            return SqliteDatabase.openReadOnly(file);
        } catch (SQLException e) {
            if (StorageFailures.isDatabaseFull(e)) throw e;
            throw new RefusedException(refusalOf(e, named), e);
        } catch (IOException | UncheckedIOException e) {
            throw new RefusedException(new Refusal(DatabaseFileReason.UNREADABLE, named + "：" + e.getMessage()), e);
        }
    }

    /** The refusal for {@code e}, thrown opening or reading a database opened by {@link #open}. */
    public static Refusal refusalOf(SQLException e, String named) {
        if (e instanceof MissingTableException missing) {
            return new Refusal(DatabaseFileReason.WRONG_DATABASE, named + " 缺少表 " + String.join("、", missing.tables()));
        }
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return new Refusal(DatabaseFileReason.NOT_A_DATABASE, named);
        }
        return new Refusal(DatabaseFileReason.UNREADABLE, named + "：" + e.getMessage());
    }
}
