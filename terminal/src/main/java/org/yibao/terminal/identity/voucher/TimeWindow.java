package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.domain.Refusal;

import java.time.Instant;
import java.util.Optional;

/**
 * The time rules of spec §1, given the time: exp - iat within [0, 300] s, now <= exp + skew,
 * iat - skew <= now, compared to the instant (exp + skew is the last accepted instant, so a
 * millisecond after it is expired). exp == iat is a valid (if short) window; exp before iat is
 * not a window at all, and is refused 1518 with a detail saying so rather than "longer than five
 * minutes". Pure: the caller passes {@code now}; nothing here reads a clock.
 */
public final class TimeWindow {
    /** The longest life a voucher may have, in seconds. */
    public static final long MAX_LIFETIME_S = 300;
    /**
     * The largest clock skew a verifier may be configured with, in seconds: a used nonce is kept
     * until its exp plus this, so a skew raised between two scans cannot make it new again.
     */
    public static final long MAX_SKEW_S = 3600;

    private TimeWindow() {
    }

    /** The refusal of a voucher outside its window at {@code now}; empty when inside. */
    static Optional<Refusal> check(long iat, long exp, Instant now, long skewS) {
        if (exp < iat) {
            return Optional.of(new Refusal(VoucherReason.BAD_LIFETIME, "失效时间（exp）早于签发时间（iat）"));
        }
        if (exp - iat > MAX_LIFETIME_S) {
            return Optional.of(new Refusal(VoucherReason.BAD_LIFETIME, "有效期 " + (exp - iat) + " 秒，超过5分钟"));
        }
        if (now.isAfter(Instant.ofEpochSecond(exp + skewS))) {
            return Optional.of(new Refusal(VoucherReason.EXPIRED, ""));
        }
        if (Instant.ofEpochSecond(iat - skewS).isAfter(now)) {
            return Optional.of(new Refusal(VoucherReason.ISSUED_IN_FUTURE, ""));
        }
        return Optional.empty();
    }
}
