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
 * {@code terminal clock status|confirm} on a real data folder as the technician finds it before the
 * first {@code terminal run}: {@code provision apply} has written {@code terminal.db} with the first
 * administrator only, the outbox comes with the service's first start.
 */
class ClockCommandTest {

    @TempDir Path dir;

    private record Cli(int exit, String out) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new TerminalCli());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(out));
            int exit = cli.execute(args);
            return new Cli(exit, out.toString());
        }
    }

    @Test
    void aBoxThatNeverRanHasNoClaimsToHoldItsClockBack() throws Exception {
        Path database = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(database)) {
            OperatorCommandSupport.operators(db);
        }
        byte[] before = Files.readAllBytes(database);

        Cli status = Cli.run("clock", "status", "--data-dir", dir.toString());
        assertEquals(0, status.exit(), "not 1962 (no outbox table): a box that never ran has no claims " + status.out());
        assertTrue(status.out().contains("\"newest_record\":\"\"") && status.out().contains("\"trusted\":true"), status.out());
        assertArrayEquals(before, Files.readAllBytes(database), "status reads only");

        Cli confirm = Cli.run("clock", "confirm", "--data-dir", dir.toString());
        assertEquals(0, confirm.exit(), confirm.out());
    }
}
