package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.cli.CentreReportsReadOnlyTest.json;
import static org.yibao.terminal.cli.CentreReportsReadOnlyTest.names;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.provision.ProvisionRig;
import org.yibao.terminal.provision.ProvisionRig.Run;

/** {@code terminal operator list} only reads: a data folder without a usable terminal.db is refused and nothing is created. */
class OperatorListReadOnlyTest {
    private static final InputStream REAL_STDIN = System.in;

    @TempDir Path dir;

    @AfterEach void restoreStdin() {
        System.setIn(REAL_STDIN);
    }

    @Test void aDataFolderThatDoesNotExistIsRefusedAndNotCreated() throws Exception {
        Path data = dir.resolve("nonexistent");

        Run run = run("", "operator", "list", "--data-dir", data.toString());

        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("1960", json(run).path("term_errcode").asText(), run.out());
        assertTrue(json(run).path("err_msg").asText().contains(data.resolve("terminal.db").toString()), run.out());
        assertFalse(Files.exists(data), "no folder, no terminal.db");
    }

    @Test void aDataFolderWithoutTerminalDbIsRefusedAndStaysEmpty() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));

        Run run = run("", "operator", "list", "--data-dir", data.toString());

        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("1960", json(run).path("term_errcode").asText(), run.out());
        assertEquals(List.of(), names(data));
    }

    @Test void aTerminalDbThatIsNotADatabaseIsRefusedAndLeftInPlace() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        byte[] yaml = "device_id: T01\npolicy: policy.yaml\n".getBytes(StandardCharsets.UTF_8);
        Files.write(data.resolve("terminal.db"), yaml);

        Run run = run("", "operator", "list", "--data-dir", data.toString());

        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("1961", json(run).path("term_errcode").asText(), run.out());
        assertArrayEquals(yaml, Files.readAllBytes(data.resolve("terminal.db")));
        assertEquals(List.of("terminal.db"), names(data), "not quarantined");
    }

    @Test void theOperatorsAreListedAndTerminalDbIsLeftByteForByte() throws Exception {
        assertEquals(0, run("Initial-0001\n", "operator", "add", "--data-dir", dir.toString(), "--opter-no", "A001",
                "--name", "王小明", "--role", "admin", "--password-stdin").exit());
        byte[] before = Files.readAllBytes(dir.resolve("terminal.db"));

        Run run = run("", "operator", "list", "--data-dir", dir.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("A001\t王*明\tadmin"), run.out());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("terminal.db")));
        assertEquals(List.of("terminal.db"), names(dir), "no -wal / -shm left beside it");
    }

    @Test void aTerminalDbWithNoOperatorYetListsNoneAndGetsNoTable() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("CREATE TABLE file_import(id INTEGER PRIMARY KEY)");
                }
            });
        }

        Run run = run("", "operator", "list", "--data-dir", dir.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals("工号\t姓名\t角色\t状态", run.out().strip());
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(dir.resolve("terminal.db"))) {
            assertFalse(db.hasTable("operator"), "the listing created no table");
        }
    }

    private Run run(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return ProvisionRig.cli(args);
    }
}
