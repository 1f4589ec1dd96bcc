package org.yibao.terminal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code terminal voucher verify} as separate JVM processes on one state directory: the
 * second process sees the first one's nonce (a replay across a real restart), and a scanner
 * line arriving on stdin with CR/LF is verified too.
 */
class VoucherCliProcessTest {
    @TempDir Path dir;

    record Result(int exit, String stdout) {
    }

    private static Result terminal(String stdin, String... args) throws IOException, InterruptedException, URISyntaxException {
        Path logback = Path.of(VoucherCliProcessTest.class.getResource("/voucher/logback-stderr.xml").toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"), TerminalCli.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("terminal did not end: " + command);
        }
        return new Result(process.exitValue(), out);
    }

    @Test void aReplayIsCaughtByTheNextProcess() throws Exception {
        Path trust = dir.resolve("trust.json");
        Path key = dir.resolve("key.pem");
        long now = 1_800_000_000L;
        VoucherCommandTest.Run gen = VoucherCommandTest.run("voucher", "keygen", "--alg", "SM2", "--kid", "p1",
                "--not-before", "0", "--not-after", "9999999999", "--private-out", key.toString(), "--trust-out", trust.toString());
        assertEquals(0, gen.exit());
        String qr = VoucherCommandTest.run("voucher", "issue", "--key", key.toString(), "--kid", "p1", "--alg", "SM2",
                "--psn-no", "43000012345678", "--now", Long.toString(now)).out();
        String state = dir.resolve("state").toString();

        Result first = terminal(qr + "\r\n", "voucher", "verify", "--trust", trust.toString(), "--state-dir", state,
                "--now", Long.toString(now + 1), "-");
        assertEquals(0, first.exit(), first.stdout());
        assertTrue(first.stdout().startsWith("{\"valid\":true,"), first.stdout());

        Result second = terminal(null, "voucher", "verify", "--trust", trust.toString(), "--state-dir", state,
                "--now", Long.toString(now + 2), qr);
        assertEquals(2, second.exit(), second.stdout());
        assertTrue(second.stdout().contains("\"term_errcode\":\"1519\""), second.stdout());
    }
}
