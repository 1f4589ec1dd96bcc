package org.yibao.terminal.identity.voucher;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Jazzer fuzz test of the YBEC1 parser and verifier: whatever the text, {@code decode}
 * returns (no exception, no hang), and a text the fuzzer made is never accepted, since the
 * fuzzer holds no trusted key. Half the inputs are free text, half are edits of a genuine
 * voucher (so the fuzzer gets past base64 and JSON quickly).
 *
 * <p>In the normal build this runs in regression mode over the seeds in
 * {@code Ybec1VerifierFuzzTestInputs/}. A real, coverage-guided run (Jazzer 0.30.0 instruments
 * Java 25 classes; 0.24.0 could not), 10 s as annotated or longer with JAZZER_MAX_DURATION:
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=10m mvn -B -pl terminal verify -Dtest=Ybec1VerifierFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The corpus it grows is kept in {@code terminal/.cifuzz-corpus/}.
 */
class Ybec1VerifierFuzzTest {
    private static final Instant NOW = Instant.ofEpochSecond(VoucherFixtures.NOW);
    private static Path stateDir;
    private static SqliteReplayStore store;
    private static Ybec1Verifier verifier;
    private static String genuine;

    @BeforeAll static void open() throws IOException {
        stateDir = Files.createTempDirectory("voucher-fuzz");
        store = SqliteReplayStore.open(stateDir);
        verifier = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Ybec1Verifier.DEFAULT_SKEW);
        genuine = VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", VoucherFixtures.payload());
    }

    @AfterAll static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyTextIsRefusedOrAcceptedNeverThrown(FuzzedDataProvider data) {
        String text = data.consumeBoolean() ? edited(data) : data.consumeRemainingAsString();
        VoucherOutcome outcome = verifier.decode(text, NOW);
        if (!text.equals(genuine)) {
            VoucherOutcome.Refused refused = assertInstanceOf(VoucherOutcome.Refused.class, outcome, text);
            assertEquals(4, refused.refusal().reason().code().length());
        }
    }

    /** The genuine voucher with a few characters replaced, inserted or deleted. */
    private static String edited(FuzzedDataProvider data) {
        StringBuilder text = new StringBuilder(genuine);
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = data.consumeInt(0, text.length() - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> text.setCharAt(at, data.consumeChar());
                case 1 -> text.insert(at, data.consumeChar());
                default -> text.deleteCharAt(at);
            }
        }
        return text.toString();
    }
}
