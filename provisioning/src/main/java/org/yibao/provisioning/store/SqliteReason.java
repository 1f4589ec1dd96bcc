package org.yibao.provisioning.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a SQLite failure means for the technician, in Chinese with SQLite's code name after it
 * ({@code 无法打开：数据目录只读或没有权限（SQLITE_CANTOPEN）}), for the provisioning commands that
 * show it (self-test, factory reset); SQLite's own English text is for the log.
 */
public final class SqliteReason {
    private SqliteReason() {
    }

    /** The reason for {@code failure}. */
    public static String of(SQLException failure) {
        if (!(failure instanceof SQLiteException sqlite)) return "数据库读写失败";
        SQLiteErrorCode code = sqlite.getResultCode();
        int primary = code.code & 0xff;
        // opening a WAL database on a full disk fails growing its -shm before any write could say SQLITE_FULL
        if (code == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE) return "存储空间已满（" + code.name() + "）";
        return reason(primary) + "（" + code.name() + "）";
    }

    private static String reason(int primary) {
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) return "无法打开：数据目录只读或没有权限，或该路径不是文件";
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) return "数据目录或数据库文件只读，或没有写权限";
        if (primary == SQLiteErrorCode.SQLITE_PERM.code || primary == SQLiteErrorCode.SQLITE_AUTH.code) return "没有权限";
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return "数据库正被其他程序使用，请稍后再试";
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) return "数据库文件已损坏";
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) return "存储空间已满";
        if (primary == SQLiteErrorCode.SQLITE_IOERR.code) return "读写出错，请检查存储设备";
        return "数据库读写失败";
    }
}
