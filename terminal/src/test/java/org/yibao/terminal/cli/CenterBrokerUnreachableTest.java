package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code terminal center} with no broker at the address: 1753, exit 3, a reason in Chinese. */
class CenterBrokerUnreachableTest {
    @TempDir Path dir;

    @Test
    void aBrokerThatIsNotThereIsRefused1753WithAChineseReason() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("center", "--broker", "tcp://127.0.0.1:" + port, "--db", dir.resolve("centre.db").toString());

        assertEquals(3, exit, out + " " + err);
        assertTrue(out.toString().contains("\"term_errcode\":\"1753\""), out.toString());
        assertTrue(out.toString().contains("127.0.0.1:" + port), out.toString());
        String reason = out.toString().substring(out.toString().lastIndexOf(port + "") + String.valueOf(port).length());
        assertFalse(reason.matches("(?s).*[A-Za-z]{3,}.*"), "no English in the reason: " + out);
    }
}
