package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.E2eTerminal.ok;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.cli.TerminalCli;
import picocli.CommandLine;

/**
 * A terminal whose clock ran three hours ahead and was then set right: the claims it wrote while
 * ahead say the clock is now behind, so every transaction that dates what it writes is refused
 * 1376 with nothing written, while sign-in still works; {@code terminal clock status} says so
 * (exit 2); after the technician's {@code terminal clock confirm} (another process's connection,
 * beside the running service) the next purchase settles. A clock set back to 1970 is refused too.
 */
class ClockOverHttpTest {

    private static String code(JsonNode answer) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        return answer.path("term_errcode").asText();
    }

    @Test
    void claimsWrittenWhileTheClockRanAheadHoldTransactionsBackUntilATechnicianConfirmsTheTime(@TempDir Path dir)
            throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            t.clock.advance(Duration.ofHours(3));
            ok(t.call("1101", byId(ZHANG_CERTNO)));
            ok(t.call("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"))));
            t.clock.advance(Duration.ofHours(-3));
            assertEquals("1606", code(t.call("1101", byId(ZHANG_CERTNO))),
                    "the sign_no opened under the clock that ran ahead ends: how long it has lasted cannot be told");
            t.newShift();

            JsonNode held = t.call("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50")));
            assertEquals("1376", code(held));
            assertTrue(held.path("err_msg").asText().contains("请联系技术人员校准时间"), held.toString());
            assertEquals("1376", code(t.call("1101", byId(ZHANG_CERTNO))));
            assertEquals("1376", code(t.call("2101", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50")))));
            t.newShift();
            t.cashier(); // 9001 dates nothing that settles money: a new shift can still sign in
            assertEquals(1, t.terminalScalar("SELECT count(*) FROM settlement"), "a held-back 2102 wrote no settlement");
            assertEquals(1, t.terminalScalar("SELECT count(*) FROM outbox_message"), "and queued no claim");

            Path data = dir.resolve("terminal");
            Cli status = Cli.run("clock", "status", "--data-dir", data.toString());
            assertEquals(2, status.exit(), status.out());
            assertTrue(status.out().contains("\"trusted\":false") && status.out().contains("1376"), status.out());
            Cli confirm = Cli.run("clock", "confirm", "--data-dir", data.toString());
            assertEquals(0, confirm.exit(), confirm.out());
            assertEquals(0, Cli.run("clock", "status", "--data-dir", data.toString()).exit());

            ok(t.call("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"))));
            assertEquals(2, t.terminalScalar("SELECT count(*) FROM settlement"));

            t.clock.advance(Duration.ofDays(-(56L * 365)));
            assertEquals("1606", code(t.call("2102", purchase(ZHANG_PSN, "310", "02", "1",
                    line("1", "P0001", "25.50", "1", "25.50")))), "a clock set back before the sign-in ends the session");
            t.newShift();
            assertEquals("1376", code(t.call("2102", purchase(ZHANG_PSN, "310", "02", "1",
                    line("1", "P0001", "25.50", "1", "25.50")))), "a clock reset to 1970");
            assertEquals(2, t.terminalScalar("SELECT count(*) FROM settlement"));
        }
    }

    @Test
    void aClockSetBackWhileTheServiceRunsIsHeldBackBeforeAnyClaimSaysSo(@TempDir Path dir) throws Exception {
        try (E2eTerminal t = new E2eTerminal(dir)) {
            t.clock.advance(Duration.ofHours(1));
            ok(t.call("1101", byId(ZHANG_CERTNO))); // the service read the clock an hour ahead and trusted it; no claim yet
            t.clock.advance(Duration.ofHours(-1)); // set right (or set back by hand) while the service runs
            t.newShift(); // the sign_no opened an hour "later" has ended (1606)

            JsonNode held = t.call("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50")));
            assertEquals("1376", code(held), "the reading the service trusted an hour later is evidence too");
            assertEquals(0, t.terminalScalar("SELECT count(*) FROM settlement"));
            assertEquals(0, t.terminalScalar("SELECT count(*) FROM outbox_message"));

            t.newShift();
            t.cashier();
            Cli confirm = Cli.run("clock", "confirm", "--data-dir", dir.resolve("terminal").toString());
            assertEquals(0, confirm.exit(), confirm.out());
            ok(t.call("2102", purchase(ZHANG_PSN, "310", "02", "1", line("1", "P0001", "25.50", "1", "25.50"))));
            assertEquals(1, t.terminalScalar("SELECT count(*) FROM settlement"));
        }
    }

    /** One run of the command line, as the technician types it. */
    private record Cli(int exit, String out) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new TerminalCli());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(new StringWriter()));
            int exit = cli.execute(args);
            return new Cli(exit, out.toString());
        }
    }
}
