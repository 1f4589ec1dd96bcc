package org.yibao.terminal.identity.voucher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.NOW;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.SM2;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.issue;
import static org.yibao.terminal.identity.voucher.VoucherFixtures.payload;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;

/**
 * Step 4 fails closed: whichever of the replay store's two calls fails, the voucher is refused
 * 1522, never accepted without a durable record of its nonce; and a revocation delivered after
 * the scan is found by {@code revokedSince}.
 */
class ReplayStoreFaultsTest {
    /** A store whose read ({@code seen}) or write ({@code firstUse}) fails, the other working. */
    private static ReplayStore failing(boolean read, boolean write, boolean full) {
        return new ReplayStore() {
            @Override public boolean firstUse(String nonce, long exp, long skewS, long now) {
                if (write) throw new ReplayStoreException("write failed", null, full);
                return true;
            }

            @Override public boolean seen(String nonce, long skewS, long now) {
                if (read) throw new ReplayStoreException("read failed", null, full);
                return false;
            }

            @Override public void close() {
            }
        };
    }

    private static Refusal refused(ReplayStore store) {
        VoucherOutcome outcome = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Ybec1Verifier.DEFAULT_SKEW)
                .decode(issue(SM2, "sm2-1", payload()), Instant.ofEpochSecond(NOW));
        return assertInstanceOf(VoucherOutcome.Refused.class, outcome, () -> "accepted: " + outcome).refusal();
    }

    @Test
    void aStoreThatCannotBeReadRefusesEvenIfItCouldBeWritten() {
        assertEquals(VoucherReason.REPLAY_STORE_UNAVAILABLE, refused(failing(true, false, false)).reason());
    }

    @Test
    void aStoreThatCannotBeWrittenRefusesEvenIfItCouldBeRead() {
        assertEquals(VoucherReason.REPLAY_STORE_UNAVAILABLE, refused(failing(false, true, false)).reason());
    }

    /** Another scan of the same voucher may record its nonce between this one's seen() and firstUse(). */
    @Test
    void aNonceRecordedByAnotherScanMeanwhileIsAReplay() {
        ReplayStore raced = new FixedReplayStore(false, false);
        assertEquals(VoucherReason.REPLAYED, refused(raced).reason());
    }

    @Test
    void onlyAFullDiskIsNamedAsOne() {
        assertEquals("", refused(failing(false, true, false)).detail());
        assertEquals(Ybec1Verifier.STORAGE_FULL, refused(failing(false, true, true)).detail());
    }

    @Test
    void aRevocationDeliveredAfterTheScanIsFound() {
        Ybec1Verifier verifier = new Ybec1Verifier(VoucherFixtures.standardTrust(), failing(false, false, false),
                Ybec1Verifier.DEFAULT_SKEW);
        assertEquals(Optional.of(VoucherReason.TOKEN_REVOKED),
                verifier.revokedSince(VoucherFixtures.REVOKED_TOKEN, "43000012345678").map(Refusal::reason));
        assertEquals(Optional.of(VoucherReason.PERSON_REVOKED),
                verifier.revokedSince("T".repeat(40), VoucherFixtures.REVOKED_PSN).map(Refusal::reason));
        assertTrue(verifier.revokedSince("T".repeat(40), "43000012345678").isEmpty());
    }
}
