package org.yibao.terminal.store;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.outbox.db.CorruptDatabaseException;
import org.yibao.outbox.db.DatabaseFileException;
import org.yibao.outbox.db.DatabaseOpenException;
import org.yibao.outbox.db.QuarantinedDatabaseException;
import org.yibao.terminal.domain.Refusal;

/**
 * Database and file failures a technician can act on, told as a refusal (1963-1967, see
 * {@link DatabaseFileReason}) that names the file and what is wrong, instead of a stack trace:
 * a database just quarantined ({@link CorruptDatabaseException}, 1964), one not created beside
 * its quarantined copy ({@link QuarantinedDatabaseException}, 1965), one SQLite cannot open or
 * write (read-only, no permission, busy; 1966), a corrupt one found after it was opened (1963),
 * each naming the database file (from {@link DatabaseFileException} once it was opened),
 * and a file or folder that cannot be read or written ({@link FileSystemException}s such as
 * {@link NoSuchFileException} and {@link AccessDeniedException}, 1967). Recognised anywhere in
 * an exception's cause chain (an {@code UncheckedIOException} wrapping one, say). A full disk is
 * {@code HostFailures}' (1018), which callers ask first.
 */
public final class StorageFailures {
    /** Causes followed at most (a cycle or a very deep chain ends the search). */
    private static final int MAX_DEPTH = 32;

    /** What the system's messages (strerror, as the JDK passes them on) mean, for the technician. */
    private static final Map<String, String> REASONS = Map.of(
            "Is a directory", "是目录，不是文件；请给出文件名",
            "Not a directory", "路径中有一项不是目录",
            "Read-only file system", "文件系统只读",
            "Permission denied", "没有权限",
            "Operation not permitted", "没有权限",
            "No such file or directory", "文件或目录不存在",
            "Directory not empty", "目录不为空",
            "File exists", "文件已存在");

    private StorageFailures() {
    }

    /** The refusal that says what happened, or empty when {@code failure} is none of these. */
    public static Optional<Refusal> refusal(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            Optional<Refusal> refusal = refusalOf(cause);
            if (refusal.isPresent()) return refusal;
        }
        return Optional.empty();
    }

    /**
     * True when {@code t} is the database saying the disk is full: SQLITE_FULL; or
     * SQLITE_IOERR_SHMSIZE, which is what opening a WAL database gives on a full disk (its
     * {@code -shm} file cannot grow) before any write could say SQLITE_FULL. Not followed
     * down the cause chain; {@code HostFailures} does that.
     */
    public static boolean isDatabaseFull(Throwable t) {
        return t instanceof SQLiteException sqlite && ((sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);
    }

    private static Optional<Refusal> refusalOf(Throwable t) {
        return switch (t) {
            case CorruptDatabaseException corrupt -> Optional.of(new Refusal(DatabaseFileReason.QUARANTINED_NOW,
                    corrupt.original() + " 已移至 " + corrupt.quarantined() + "；其中可能有尚未上传的结算，请技术人员检查、修复或恢复备份后放回原处，"
                            + "在此之前本机不会新建数据库"));
            case QuarantinedDatabaseException quarantined -> Optional.of(new Refusal(DatabaseFileReason.QUARANTINED_BEFORE,
                    quarantined.quarantined().getFirst() + "；请修复或恢复该文件为 " + quarantined.file()
                            + "，或确认其中数据已另行处理后有意将其移出该目录"));
            case DatabaseOpenException open -> Optional.of(new Refusal(DatabaseFileReason.CANNOT_OPEN, open.file() + "：" + whyNotOpened(open)));
            case DatabaseFileException named -> sqliteRefusal(named)
                    .map(r -> new Refusal(r.reason(), named.file() + "：" + r.detail()));
            case SQLiteException sqlite -> sqliteRefusal(sqlite);
            case FileSystemException file -> Optional.of(new Refusal(DatabaseFileReason.FILE_UNUSABLE, fileDetail(file)));
            default -> Optional.empty();
        };
    }

    /**
     * A SQLite error met after the database was opened; {@link #refusalOf} puts the file first
     * when the {@link org.yibao.outbox.db.SqliteDatabase} it came through named it.
     */
    private static Optional<Refusal> sqliteRefusal(SQLiteException sqlite) {
        int primary = sqlite.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return Optional.of(new Refusal(DatabaseFileReason.UNREADABLE, "数据库文件已损坏（" + sqlite.getResultCode().name() + "）"));
        }
        return writeProblem(primary) ? Optional.of(new Refusal(DatabaseFileReason.CANNOT_OPEN, sqliteReason(sqlite))) : Optional.empty();
    }

    private static boolean writeProblem(int primary) {
        return primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_PERM.code || primary == SQLiteErrorCode.SQLITE_AUTH.code
                || primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                || primary == SQLiteErrorCode.SQLITE_IOERR.code;
    }

    /** Why the database was not opened: SQLite's code, or the file-system failure met first. */
    private static String whyNotOpened(DatabaseOpenException open) {
        Throwable cause = open.getCause();
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) return sqliteReason(sqlite);
            if (cause instanceof FileSystemException file) return fileReason(file);
        }
        return "SQLite 无法打开该文件";
    }

    /** What SQLite's result code means for the technician, with the code itself. */
    private static String sqliteReason(SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        int primary = code.code & 0xff;
        String reason;
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            reason = "数据目录或数据库文件只读，或没有写权限";
        } else if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            reason = "无法打开：数据目录只读或没有权限，或该路径不是文件";
        } else if (primary == SQLiteErrorCode.SQLITE_PERM.code || primary == SQLiteErrorCode.SQLITE_AUTH.code) {
            reason = "没有权限";
        } else if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            reason = "数据库正被其他程序使用，请稍后再试";
        } else if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
            reason = "读写出错，请检查存储设备";
        } else {
            reason = "SQLite 无法打开该文件";
        }
        return reason + "（" + code.name() + "）";
    }

    /** {@code FILE：reason} for a file-system failure; a rename's target is the file when the system says it is a folder. */
    private static String fileDetail(FileSystemException e) {
        String reason = fileReason(e);
        String file = e.getFile();
        String other = e.getOtherFile();
        if (other != null && "Is a directory".equals(e.getReason())) {
            file = other; // rename(2) says EISDIR when the target is a folder
        } else if (other != null && file != null) {
            file = file + " → " + other;
        } else if (file == null) {
            file = other == null ? "" : other;
        }
        return file.isEmpty() ? reason : file + "：" + reason;
    }

    private static String fileReason(FileSystemException e) {
        return switch (e) {
            case NoSuchFileException _ -> "文件或目录不存在";
            case AccessDeniedException _ -> "没有权限";
            case NotDirectoryException _ -> "不是目录";
            case DirectoryNotEmptyException _ -> "目录不为空";
            case FileAlreadyExistsException _ -> "文件已存在";
            case FileSystemLoopException _ -> "符号链接成环";
            default -> e.getReason() == null ? "无法读写" : REASONS.getOrDefault(e.getReason(), e.getReason());
        };
    }
}
