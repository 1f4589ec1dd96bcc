package org.yibao.terminal.identity.voucher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.identity.trust.Revocations;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustedKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The offline verifier of the open YBEC1 e-voucher (spec evoucher-and-card.md §1). Checks, in
 * order: size, prefix, parts, base64url, header and payload JSON and fields; the key (known
 * kid, valid at {@code now}, same algorithm); the signature; the use code (only now, so a forged
 * voucher is refused as forged whatever it says); the time window; the nonce (a
 * replay); revocation; and last the nonce is recorded, only for a voucher that passed
 * everything else (so a voucher both used before and revoked since is refused as a replay, the
 * spec's step 4 before its step 5). Every
 * outcome is audited. Thread-safe when its {@link ReplayStore} is.
 */
public final class Ybec1Verifier implements VoucherDecoder {
    /** The clock skew tolerated when none is configured. */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Ybec1Verifier.class);
    /** 1522's detail when the replay store's disk is full. */
    static final String STORAGE_FULL = "终端存储空间已满";

    private final Supplier<TrustFile> trust;
    private final ReplayStore replay;
    private final long skewS;

    /** A verifier with a fixed trust file. */
    public Ybec1Verifier(TrustFile trust, ReplayStore replay, Duration skew) {
        this(constant(trust), replay, skew);
    }

    /**
     * A verifier that reads the trust file from {@code trust} once per verification (e.g.
     * {@code AtomicReference::get}), so provisioning can swap keys and revocations without a
     * new verifier; one verification always sees one whole trust file.
     */
    public Ybec1Verifier(Supplier<TrustFile> trust, ReplayStore replay, Duration skew) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.replay = Objects.requireNonNull(replay, "replay");
        if (skew.isNegative() || skew.compareTo(Duration.ofSeconds(TimeWindow.MAX_SKEW_S)) > 0) {
            throw new IllegalArgumentException("skew must be within 0.." + TimeWindow.MAX_SKEW_S + " s, not " + skew);
        }
        this.skewS = skew.toSeconds();
    }

    @Override public boolean recognizes(String qrText) {
        return qrText != null && qrText.startsWith(Ybec1Text.PREFIX);
    }

    @Override public VoucherOutcome decode(String qrText, Instant now) {
        return switch (Ybec1Text.split(qrText)) {
            case Checked.No<QrParts>(Refusal refusal) -> VoucherAudit.refused(refusal, null, null);
            case Checked.Ok<QrParts>(QrParts parts) -> withParts(parts, now);
        };
    }

    private VoucherOutcome withParts(QrParts parts, Instant now) {
        return switch (VoucherJson.header(parts.header())) {
            case Checked.No<VoucherHeader>(Refusal refusal) -> VoucherAudit.refused(refusal, null, null);
            case Checked.Ok<VoucherHeader>(VoucherHeader header) -> withHeader(parts, header, now);
        };
    }

    private VoucherOutcome withHeader(QrParts parts, VoucherHeader header, Instant now) {
        return switch (VoucherJson.payload(parts.payload())) {
            case Checked.No<VoucherPayload>(Refusal refusal) -> VoucherAudit.refused(refusal, null, header.kid());
            case Checked.Ok<VoucherPayload>(VoucherPayload payload) ->
                    withPayload(parts, header, payload, Objects.requireNonNull(trust.get(), "trust file"), now);
        };
    }

    private VoucherOutcome withPayload(QrParts parts, VoucherHeader header, VoucherPayload payload, TrustFile trustFile,
                                       Instant now) {
        long nowS = now.getEpochSecond();
        Optional<Refusal> refusal = PayloadRules.format(payload)
                .or(() -> keyAndSignature(parts, header, trustFile, now))
                .or(() -> PayloadRules.use(payload))
                .or(() -> TimeWindow.check(payload.iat(), payload.exp(), now, skewS))
                .or(() -> seenBefore(payload, nowS))
                .or(() -> revoked(payload.ecToken(), payload.psnNo(), trustFile.revoked()))
                .or(() -> replayed(payload, nowS));
        return refusal.isPresent()
                ? VoucherAudit.refused(refusal.get(), payload, header.kid())
                : VoucherAudit.accepted(VerifiedVoucher.of(payload, header.kid()));
    }

    private static Optional<Refusal> keyAndSignature(QrParts parts, VoucherHeader header, TrustFile trustFile, Instant now) {
        Optional<TrustedKey> found = trustFile.key(header.kid());
        if (found.isEmpty()) {
            return refusal(VoucherReason.UNKNOWN_KEY);
        }
        TrustedKey key = found.get();
        if (key.expiredAt(now)) {
            return refusal(VoucherReason.KEY_EXPIRED);
        }
        if (key.notYetValidAt(now)) {
            return refusal(VoucherReason.KEY_NOT_YET_VALID);
        }
        if (key.alg() != header.alg()) {
            return refusal(VoucherReason.KEY_ALG_MISMATCH);
        }
        boolean valid = key.signature().verify(parts.text(), parts.signedLength(), parts.signature());
        return valid ? Optional.empty() : refusal(VoucherReason.BAD_SIGNATURE);
    }

    /** Reads the trust file in use now, as a scan would; the refusal is audited. */
    @Override public Optional<Refusal> revokedSince(String ecToken, String psnNo) {
        return revoked(ecToken, psnNo, Objects.requireNonNull(trust.get(), "trust file").revoked())
                .map(refusal -> VoucherAudit.revokedSinceScan(refusal, ecToken));
    }

    private static Optional<Refusal> revoked(String ecToken, String psnNo, Revocations revoked) {
        if (revoked.tokenRevoked(ecToken)) {
            return refusal(VoucherReason.TOKEN_REVOKED);
        }
        return revoked.personRevoked(psnNo) ? refusal(VoucherReason.PERSON_REVOKED) : Optional.empty();
    }

    /** Step 4 of the spec: a nonce accepted before is a replay (nothing recorded yet). */
    private Optional<Refusal> seenBefore(VoucherPayload payload, long nowS) {
        try {
            return replay.seen(payload.nonce(), skewS, nowS) ? refusal(VoucherReason.REPLAYED) : Optional.empty();
        } catch (ReplayStoreException e) {
            return storeFailed(e);
        }
    }

    /** Records the nonce of a voucher that passed every check; false (a replay) when another scan recorded it first. */
    private Optional<Refusal> replayed(VoucherPayload payload, long nowS) {
        try {
            return replay.firstUse(payload.nonce(), payload.exp(), skewS, nowS)
                    ? Optional.empty()
                    : refusal(VoucherReason.REPLAYED);
        } catch (ReplayStoreException e) {
            return storeFailed(e);
        }
    }

    private static Supplier<TrustFile> constant(TrustFile trust) {
        Objects.requireNonNull(trust, "trust");
        return () -> trust;
    }

    /** 1522, saying so when the store's disk is full (the refusal a cashier passes on to the technician). */
    private static Optional<Refusal> storeFailed(ReplayStoreException e) {
        LOG.error("replay store failed: {}", e.getMessage(), e);
        return Optional.of(new Refusal(VoucherReason.REPLAY_STORE_UNAVAILABLE, e.storageFull() ? STORAGE_FULL : ""));
    }

    private static Optional<Refusal> refusal(VoucherReason reason) {
        return Optional.of(new Refusal(reason, ""));
    }
}
