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
}
