package org.yibao.terminal.identity.voucher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoders side by side: the first that recognizes a text decodes it; none means not a voucher. */
class VoucherDecodersTest {
    @TempDir Path stateDir;

    @Test void theFirstDecoderThatRecognizesTheTextDecodesIt() {
        TrustFile empty = TrustFileReader.parse(
                VoucherFixtures.trustJson(List.of(), List.of(), List.of()).getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.ofEpochSecond(VoucherFixtures.NOW);
        try (SqliteReplayStore store = SqliteReplayStore.open(stateDir)) {
            Ybec1Verifier trustsNothing = new Ybec1Verifier(empty, store, Ybec1Verifier.DEFAULT_SKEW);
            Ybec1Verifier trustsFixtures = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Ybec1Verifier.DEFAULT_SKEW);
            String qr = VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", VoucherFixtures.payload());

            VoucherOutcome first = new VoucherDecoders(List.of(trustsNothing, trustsFixtures)).decode(qr, now);
            assertEquals(VoucherReason.UNKNOWN_KEY, assertInstanceOf(VoucherOutcome.Refused.class, first).refusal().reason());
            VoucherDecoders decoders = new VoucherDecoders(List.of(trustsFixtures, trustsNothing));
            assertInstanceOf(VoucherOutcome.Accepted.class, decoders.decode(qr, now));

            assertTrue(decoders.recognizes(qr));
            assertFalse(decoders.recognizes("https://example.org/"));
            VoucherOutcome unknown = decoders.decode("https://example.org/", now);
            assertEquals(VoucherReason.BAD_PREFIX, assertInstanceOf(VoucherOutcome.Refused.class, unknown).refusal().reason());
        }
    }
}
