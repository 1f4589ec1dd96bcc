package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import picocli.CommandLine;

/**
 * {@code outbox list}, {@code outbox retry} and {@code receipt waiting} on the box as a technician finds it before the
 * service's first start ({@code provision apply} / {@code operator add} wrote terminal.db with the
 * operators only): nothing waits, said as an empty listing, not 1962 "not the database this
 * command needs" (found by the documentation check, bbdocs). The file is left as it was.
 */
class NeverStartedBoxTest {
    @TempDir Path dir;

    private record Cli(int exit, String out) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            int exit = new CommandLine(new TerminalCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
            return new Cli(exit, out.toString());
        }
    }

    private Path boxBeforeItsFirstStart() throws Exception {
        Path database = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(database)) {
            OperatorCommandSupport.operators(db);
        }
        return database;
    }

    @Test
    void outboxListIsEmpty() throws Exception {
        Path database = boxBeforeItsFirstStart();
        byte[] before = Files.readAllBytes(database);

        Cli list = Cli.run("outbox", "list", "--data-dir", dir.toString());

        assertEquals(0, list.exit(), list.out());
        assertTrue(list.out().contains("\"needs_attention\":0") && list.out().contains("\"messages\":[]")
                && list.out().contains("尚未启动过"), list.out());
        assertArrayEquals(before, Files.readAllBytes(database), "read only");
    }

    @Test
    void outboxRetryFindsNothingToRetry() throws Exception {
        Path database = boxBeforeItsFirstStart();
        byte[] before = Files.readAllBytes(database);

        Cli all = Cli.run("outbox", "retry", "--data-dir", dir.toString(), "--all-needing-attention");
        assertEquals(0, all.exit(), all.out());
        assertTrue(all.out().contains("\"retried\":[]") && all.out().contains("\"count\":0"), all.out());

        Cli named = Cli.run("outbox", "retry", "--data-dir", dir.toString(), "T01-1");
        assertEquals(2, named.exit(), named.out());
        assertTrue(named.out().contains("\"term_errcode\":\"1710\""), named.out());
        assertArrayEquals(before, Files.readAllBytes(database), "nothing written");
    }

    @Test
    void receiptWaitingIsEmpty() throws Exception {
        Path database = boxBeforeItsFirstStart();
        byte[] before = Files.readAllBytes(database);

        Cli waiting = Cli.run("receipt", "waiting", "--data-dir", dir.toString());

        assertEquals(0, waiting.exit(), waiting.out());
        assertTrue(waiting.out().contains("\"waiting\":0") && waiting.out().contains("\"receipts\":[]"), waiting.out());
        assertArrayEquals(before, Files.readAllBytes(database), "read only");
    }
}
