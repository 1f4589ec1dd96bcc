package org.yibao.terminal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.outbox.db.CorruptDatabaseException;
import org.yibao.outbox.db.DatabaseFileException;
import org.yibao.outbox.db.DatabaseOpenException;
import org.yibao.outbox.db.QuarantinedDatabaseException;
import org.yibao.terminal.domain.Refusal;

/** Which database and file failures become which refusal, wherever they sit in the cause chain. */
class StorageFailuresTest {
    private static final Path DB = Path.of("/var/lib/yibao-terminal/terminal.db");

    private static Refusal refusal(Throwable t) {
        Optional<Refusal> refusal = StorageFailures.refusal(t);
        assertTrue(refusal.isPresent(), t.toString());
        return refusal.get();
    }

    @Test
    void quarantinedNowAndBeforeNameBothFiles() {
        Path moved = Path.of(DB + ".corrupt-20261203120000");
        Refusal now = refusal(new CorruptDatabaseException(DB, moved, "quick_check", null));
        assertEquals("1964", now.reason().code());
        assertTrue(now.errMsg().contains(DB + " 已移至 " + moved), now.errMsg());

        Refusal before = refusal(new IllegalStateException("wrapped", new QuarantinedDatabaseException(DB, List.of(moved))));
        assertEquals("1965", before.reason().code());
        assertTrue(before.errMsg().contains(moved.toString()) && before.errMsg().contains("请修复或恢复该文件为 " + DB), before.errMsg());
    }

    @Test
    void aDatabaseThatCannotBeOpenedSaysWhy() {
        Refusal readOnly = refusal(new DatabaseOpenException(DB, new SQLiteException("ro", SQLiteErrorCode.SQLITE_READONLY_DIRECTORY)));
        assertEquals("1966 数据库无法打开或写入：" + DB + "：数据目录或数据库文件只读，或没有写权限（SQLITE_READONLY_DIRECTORY）",
                readOnly.reason().code() + " " + readOnly.errMsg());
        Refusal noLink = refusal(new DatabaseOpenException(DB, new AccessDeniedException(DB + "-wal.open-guard")));
        assertEquals("数据库无法打开或写入：" + DB + "：没有权限", noLink.errMsg(), "the database, not the helper file, is named");
        Refusal busy = refusal(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY));
        assertEquals("1966", busy.reason().code());
    }

    /** Once opened, the file the database named (SqliteDatabase's {@link DatabaseFileException}) comes first, as at the open. */
    @Test
    void aFailureOfAnOpenedDatabaseNamesItsFile() {
        Refusal busy = refusal(new UncheckedIOException(new IOException("import",
                new DatabaseFileException(DB, new SQLiteException("locked", SQLiteErrorCode.SQLITE_BUSY)))));
        assertEquals("1966 数据库无法打开或写入：" + DB + "：数据库正被其他程序使用，请稍后再试（SQLITE_BUSY）",
                busy.reason().code() + " " + busy.errMsg());
        Refusal corrupt = refusal(new DatabaseFileException(DB, new SQLiteException("corrupt", SQLiteErrorCode.SQLITE_CORRUPT)));
        assertEquals("1963", corrupt.reason().code());
        assertTrue(corrupt.errMsg().contains(DB + "：数据库文件已损坏"), corrupt.errMsg());
    }

    @Test
    void corruptionFoundLaterIsUnreadable() {
        assertEquals("1963", refusal(new SQLiteException("corrupt", SQLiteErrorCode.SQLITE_CORRUPT_INDEX)).reason().code());
    }

    @Test
    void fileFailuresNameTheFile() {
        Refusal denied = refusal(new UncheckedIOException(new AccessDeniedException("/etc/shadow")));
        assertEquals("1967 文件无法读取或写入：/etc/shadow：没有权限", denied.reason().code() + " " + denied.errMsg());
        Refusal folder = refusal(new FileSystemException("/tmp/.diagnostics-1.zip.part", "/tmp/out", "Is a directory"));
        assertEquals("文件无法读取或写入：/tmp/out：是目录，不是文件；请给出文件名", folder.errMsg());
        Refusal readOnlyFs = refusal(new FileSystemException("/media/usb/claims.jsonl", null, "Read-only file system"));
        assertEquals("文件无法读取或写入：/media/usb/claims.jsonl：文件系统只读", readOnlyFs.errMsg());
    }

    @Test
    void otherFailuresAreNotTheirs() {
        assertEquals(Optional.empty(), StorageFailures.refusal(new IllegalStateException("a bug")));
        assertEquals(Optional.empty(), StorageFailures.refusal(new IOException("connection reset")));
        assertEquals(Optional.empty(), StorageFailures.refusal(new SQLiteException("constraint", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)));
    }
}
