package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.yibao.terminal.domain.Refusal;

/** Storage full and a taken API port, from the real exceptions SQLite, the file system and bind() give. */
class HostFailuresTest {
    @TempDir Path dir;

    @Test
    void sqliteFullIsStorageFullWhereverItIsWrapped() throws Exception {
        SQLException full;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            full = assertThrows(SQLException.class, () -> FullDisk.fillUp(connection));
        }
        assertEquals(SQLiteErrorCode.SQLITE_FULL, ((SQLiteException) full).getResultCode(), full.toString());
        for (Throwable failure : new Throwable[] {full, new UncheckedIOException(new IOException("cannot import", full)),
                new IllegalStateException(full)}) {
            Refusal refusal = HostFailures.refusal(failure).orElseThrow();
            assertEquals("1018", refusal.reason().code());
            assertEquals("终端存储空间已满，请联系技术人员清理：未写入任何数据", refusal.errMsg());
        }
    }

    @Test
    void aWalDatabaseOpenedOnAFullDiskIsStorageFull() {
        // What SqliteDatabase.open gave on a full tmpfs: the -shm file could not grow.
        SQLiteException shm = new SQLiteException("[SQLITE_IOERR_SHMSIZE] I/O error within xShmMap (disk I/O error)",
                SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);
        Throwable opening = new UncheckedIOException(new IOException("cannot open database terminal.db: " + shm.getMessage(), shm));
        assertEquals("1018", HostFailures.refusal(opening).orElseThrow().reason().code());
    }

    @Test
    void aFileWriteThatFindsNoSpaceIsStorageFull() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "/dev/full answers every write with ENOSPC");
        IOException noSpace = assertThrows(IOException.class, () -> Files.write(full, new byte[8192]));
        assertEquals("1018", HostFailures.refusal(noSpace).orElseThrow().reason().code(), noSpace.toString());
    }

    @Test
    void aTakenApiPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            BindException real = assertThrows(BindException.class, () -> {
                try (ServerSocket second = new ServerSocket()) {
                    second.bind(address);
                }
            });
            assertTrue(ApiPortInUseException.inUse(real), real.getMessage());
            Refusal refusal = HostFailures.refusal(new ApiPortInUseException(address, real)).orElseThrow();
            assertEquals("1017", refusal.reason().code());
            assertTrue(refusal.errMsg().startsWith("接口端口已被占用：" + taken.getLocalPort() + "（127.0.0.1）"), refusal.errMsg());
        }
    }

    @Test
    void otherFailuresAreNotTheMachines() {
        for (Throwable other : new Throwable[] {new IllegalStateException("a bug"), new IOException("Connection refused"),
                new SQLiteException("[SQLITE_BUSY] locked", SQLiteErrorCode.SQLITE_BUSY), new BindException("Address already in use")}) {
            assertEquals(Optional.empty(), HostFailures.refusal(other), other.toString());
        }
    }
}
