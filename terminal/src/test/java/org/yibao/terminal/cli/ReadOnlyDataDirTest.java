package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * A data folder that has become read-only (a file system remounted read-only after errors, a
 * permission changed) around a database the service closed cleanly: the technician's read-only
 * commands still read it ({@code provision status} shows the backlog), {@code selftest} fails
 * the folder and says why in Chinese (not the database, which is whole), and
 * {@code factory-reset} refuses in Chinese, SQLite's English left to the log. The folder is made
 * read-only for real: {@code chattr +i} as root (whom file modes do not stop), else mode 0555.
 */
class ReadOnlyDataDirTest {
    @TempDir Path tmp;

    @Test
    void theTechniciansCommandsTellAReadOnlyDataFolderInChinese() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC())
                    .append(new NewMessage("claim.sale", new MessageClass("claim", Lane.MESSAGES, false), "S1",
                            "{\"setl_id\":\"S1\"}".getBytes(StandardCharsets.UTF_8)));
        }
        assertFalse(Files.exists(data.resolve("terminal.db-wal")), "closed cleanly: no -wal, no -shm");
        byte[] before = Files.readAllBytes(data.resolve("terminal.db"));
        ReadOnly folder = ReadOnly.make(data);
        try {
            FactoryResetCommandTest.Run status = FactoryResetCommandTest.cli("provision", "status", "--data-dir", data.toString(), "--json");
            assertEquals(0, status.exit(), status.out() + status.err());
            JsonNode uplink = new ObjectMapper().readTree(status.out()).path("uplink");
            assertEquals(1, uplink.path("backlog_count").asInt(-1), status.out());

            FactoryResetCommandTest.Run selftest = FactoryResetCommandTest.cli("selftest", "--data-dir", data.toString());
            assertEquals(1, selftest.exit(), selftest.out());
            assertTrue(selftest.out().lines().anyMatch(l -> l.startsWith("PASS  database")), "the database itself is whole: " + selftest.out());
            assertTrue(selftest.out().lines().anyMatch(l -> l.startsWith("FAIL  disk") && l.contains("数据目录不可写")),
                    "the folder is what fails: " + selftest.out());

            FactoryResetCommandTest.Run reset = FactoryResetCommandTest.cli("factory-reset", "--data-dir", data.toString(), "--yes");
            assertEquals(2, reset.exit(), reset.out() + reset.err());
            assertTrue(reset.out().startsWith("{\"term_errcode\":\"1994\""), reset.out());
            assertTrue(reset.out().contains("只读"), reset.out());
            assertFalse(reset.out().contains("Unable") || reset.out().contains("unable"), "no SQLite English: " + reset.out());
        } finally {
            folder.undo();
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(data.resolve("terminal.db"))), "the database is as it was");
    }

    /** A folder made read-only for real, and how to undo it. */
    private record ReadOnly(Path folder, boolean immutable) {
        static ReadOnly make(Path folder) throws Exception {
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                chattr("+i", folder);
            } else {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            }
            return new ReadOnly(folder, root);
        }

        void undo() throws Exception {
            if (immutable) chattr("-i", folder);
            else Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        private static void chattr(String flag, Path folder) throws Exception {
            Process p = new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new AssertionError("chattr " + flag + " " + folder + ": " + out);
        }
    }
}
