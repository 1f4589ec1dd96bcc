package org.yibao.terminal.cli;

import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.ReplayStoreException;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.VoucherReason;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code terminal voucher verify}: verifies one YBEC1 QR text offline and prints one JSON
 * line; exit 0 when valid, 2 when refused (trust file and replay store faults included).
 * The nonce of a valid voucher is recorded in the state directory, so verifying the same
 * text again is a replay.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"离线验证电子凭证二维码文本，输出 {\"valid\":...} JSON（退出码 0 有效，2 拒绝）。",
                "Verify a YBEC1 e-voucher QR text offline; prints {\"valid\":...} JSON, exit 0 valid / 2 refused."})
public final class VoucherVerifyCommand implements Callable<Integer> {
    static final int REFUSED = 2;
    /** More than any voucher the verifier accepts (4096 chars), so an oversize line is still refused as such. */
    private static final int STDIN_LIMIT = 4098;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--trust", required = true, paramLabel = "FILE", description = "trust file (platform keys, revocations)")
    Path trust;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "where used nonces are kept (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", description = "verify as of this Unix time (default: the clock)")
    Long now;

    @Option(names = "--skew-s", paramLabel = "N", defaultValue = "30", description = "tolerated clock skew in seconds (default: ${DEFAULT-VALUE})")
    long skewS;

    @Option(names = "--unmasked", description = "print the ecToken and the psn_no in full (default: masked)")
    boolean unmasked;

    @Parameters(index = "0", paramLabel = "QRTEXT", description = "the scanned text, or - to read one line from stdin")
    String qrText;

    @Override public Integer call() throws IOException {
        if (skewS < 0 || skewS > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--skew-s 须在 0 到 3600 秒之间");
        }
        Instant at = now != null ? Instant.ofEpochSecond(now) : Instant.now();
        String text = "-".equals(qrText) ? stdinLine() : qrText;
        TrustFile trustFile;
        try {
            trustFile = TrustFileReader.read(trust);
        } catch (RefusedException e) {
            return refused(e.refusal());
        }
        try (SqliteReplayStore store = SqliteReplayStore.open(stateDir)) {
            return print(new Ybec1Verifier(trustFile, store, Duration.ofSeconds(skewS)).decode(text, at));
        } catch (ReplayStoreException e) {
            return refused(new Refusal(VoucherReason.REPLAY_STORE_UNAVAILABLE, ""));
        }
    }

    private int print(VoucherOutcome outcome) {
        return switch (outcome) {
            case VoucherOutcome.Accepted(var voucher) -> {
                spec.commandLine().getOut().println(VoucherCommandJson.valid(voucher, unmasked));
                spec.commandLine().getOut().flush();
                yield 0;
            }
            case VoucherOutcome.Refused(var refusal) -> refused(refusal);
        };
    }

    private int refused(Refusal refusal) {
        spec.commandLine().getOut().println(VoucherCommandJson.refused(refusal));
        spec.commandLine().getOut().flush();
        return REFUSED;
    }

    /**
     * One line of stdin without its line end (a serial scanner ends each code with CR/LF),
     * read only up to just past the verifier's size cap so junk cannot fill the memory.
     */
    private static String stdinLine() throws IOException {
        Reader in = new InputStreamReader(System.in, StandardCharsets.ISO_8859_1);
        StringBuilder line = new StringBuilder();
        int c;
        while (line.length() <= STDIN_LIMIT && (c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }
}
