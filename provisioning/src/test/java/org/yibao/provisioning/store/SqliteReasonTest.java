package org.yibao.provisioning.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteReasonTest {

    @Test
    void aFullDiskIsSaidSoAlsoWhenSqliteFailsGrowingItsSharedMemoryFile() {
        assertEquals("存储空间已满（SQLITE_FULL）", SqliteReason.of(new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL)));
        assertEquals("存储空间已满（SQLITE_IOERR_SHMSIZE）",
                SqliteReason.of(new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_SHMSIZE)));
        assertEquals("读写出错，请检查存储设备（SQLITE_IOERR_WRITE）",
                SqliteReason.of(new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_WRITE)));
        assertEquals("数据库读写失败", SqliteReason.of(new SQLException("not SQLite's")));
    }

    /** Each failure the technician can act on is told by what to look at, an extended code by its primary one. */
    @Test
    void eachKindOfFailureIsToldByWhatToLookAt() {
        assertEquals("无法打开：数据目录只读或没有权限，或该路径不是文件（SQLITE_CANTOPEN_ISDIR）", reason(SQLiteErrorCode.SQLITE_CANTOPEN_ISDIR));
        assertEquals("数据目录或数据库文件只读，或没有写权限（SQLITE_READONLY）", reason(SQLiteErrorCode.SQLITE_READONLY));
        assertEquals("没有权限（SQLITE_PERM）", reason(SQLiteErrorCode.SQLITE_PERM));
        assertEquals("没有权限（SQLITE_AUTH）", reason(SQLiteErrorCode.SQLITE_AUTH));
        assertEquals("数据库正被其他程序使用，请稍后再试（SQLITE_BUSY）", reason(SQLiteErrorCode.SQLITE_BUSY));
        assertEquals("数据库正被其他程序使用，请稍后再试（SQLITE_LOCKED）", reason(SQLiteErrorCode.SQLITE_LOCKED));
        assertEquals("数据库文件已损坏（SQLITE_CORRUPT）", reason(SQLiteErrorCode.SQLITE_CORRUPT));
        assertEquals("数据库文件已损坏（SQLITE_NOTADB）", reason(SQLiteErrorCode.SQLITE_NOTADB));
        assertEquals("数据库读写失败（SQLITE_CONSTRAINT）", reason(SQLiteErrorCode.SQLITE_CONSTRAINT));
    }

    private static String reason(SQLiteErrorCode code) {
        return SqliteReason.of(new SQLiteException("English text for the log", code));
    }
}
